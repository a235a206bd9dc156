import Foundation

/// Runs `cronsim_oracle.py` (next to this file) once per batch and decodes its answers.
enum CronsimOracle {
    struct Case: Encodable {
        var id: Int
        var expression: String
        var zone: String
        var start: Int
        var count: Int
        /// `wall` or `elapsed`: the DST rule family the engine applies; `native` leaves the expression unchanged.
        var clock: String
    }

    struct Answer: Decodable {
        var id: Int
        var instants: [Int]?
        var error: String?
    }

    struct OffsetQuery: Encodable {
        var zone: String
        var instants: [Int]
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static var scriptPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("cronsim_oracle.py").path
    }

    /// cronsim's next instants, keyed by case id.
    static func run(_ cases: [Case]) throws -> [Int: Answer] {
        let answers = try request(["cases": cases], as: [String: [Answer]].self)["results"] ?? []
        return Dictionary(uniqueKeysWithValues: answers.map { ($0.id, $0) })
    }

    /// Python zoneinfo's UTC offsets (seconds) for each query's instants.
    static func offsets(_ queries: [OffsetQuery]) throws -> [[Int]] {
        try request(["offsets": queries], as: [String: [[Int]]].self)["offsets"] ?? []
    }

    /// One process per call; throws with the fix in the message when python3 or cronsim is missing.
    private static func request<Body: Encodable, Response: Decodable>(_ body: Body, as type: Response.Type) throws
        -> Response
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptPath]
        let (input, output, errors) = (Pipe(), Pipe(), Pipe())
        (process.standardInput, process.standardOutput, process.standardError) = (input, output, errors)
        try process.run()

        let payload = try JSONEncoder().encode(body)
        let writer = Thread {
            input.fileHandleForWriting.write(payload)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let response = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        guard process.terminationStatus == 0 else {
            throw Failure(
                description: "the cronsim oracle failed (status \(process.terminationStatus)): \(errorText). "
                    + "Run scripts/test.sh, which installs cronsim with pip, or `pip install cronsim`."
            )
        }
        return try JSONDecoder().decode(Response.self, from: response)
    }
}
