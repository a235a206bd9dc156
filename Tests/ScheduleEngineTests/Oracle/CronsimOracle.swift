import Foundation

/// Runs `cronsim_oracle.py` (next to this file) once for a batch of cases and decodes its answers.
enum CronsimOracle {
    struct Case: Encodable {
        var id: Int
        var expression: String
        var zone: String
        var start: Int
        var count: Int
        /// `wall` or `elapsed`: the DST rule family the engine applies to this expression.
        var clock: String
    }

    struct Answer: Decodable {
        var id: Int
        var instants: [Int]?
        var error: String?
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static var scriptPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("cronsim_oracle.py").path
    }

    /// Answers keyed by case id. Throws when python3 or cronsim is missing, with the fix in the message.
    static func run(_ cases: [Case]) throws -> [Int: Answer] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptPath]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        (process.standardInput, process.standardOutput, process.standardError) = (input, output, errors)
        try process.run()

        let request = try JSONEncoder().encode(["cases": cases])
        let writer = Thread { 
            input.fileHandleForWriting.write(request)
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
        let answers = try JSONDecoder().decode([String: [Answer]].self, from: response)["results"] ?? []
        return Dictionary(uniqueKeysWithValues: answers.map { ($0.id, $0) })
    }
}
