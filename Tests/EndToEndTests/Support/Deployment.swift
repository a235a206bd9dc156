import Foundation
import HTTP

/// A node and a receiver started as real processes of the `meridian` binary, against the Postgres and Redis that
/// `scripts/test.sh` started. Each instance uses its own region and tenant, so tests can run side by side.
final class TestDeployment: @unchecked Sendable {
    // @unchecked Sendable: the fields are set once in init; processes are only signalled afterwards.
    struct MissingEnvironment: Error, CustomStringConvertible {
        var name: String
        var description: String { "\(name) is not set: run scripts/test.sh, which starts the servers for the tests" }
    }

    let directory: URL
    let region: String
    let tenant: String
    let token: String
    let secret: String
    let apiURL: String
    let receiverURL: String
    let client: HTTPClient
    private var processes: [Process] = []

    init() throws {
        let environment = ProcessInfo.processInfo.environment
        func required(_ name: String) throws -> String {
            guard let value = environment[name], !value.isEmpty else { throw MissingEnvironment(name: name) }
            return value
        }
        let binary = try required("MERIDIAN_BINARY")
        let postgres = try required("MERIDIAN_TEST_POSTGRES_URL")
        let redis = try required("MERIDIAN_TEST_REDIS_URL")

        let suffix = UUID().uuidString.prefix(8).lowercased()
        region = "e2e-\(suffix)"
        tenant = "tenant-\(suffix)"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("meridian-e2e-\(suffix)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)

        var clientConfiguration = HTTPClientConfiguration()
        clientConfiguration.allowPrivateAddresses = true
        client = HTTPClient(configuration: clientConfiguration)

        let jwtSecret = "test-secret-\(UUID().uuidString)"
        _ = try Self.output(of: binary, ["migrate", "--postgres", postgres])
        token = try Self.output(of: binary, ["token", "--tenant", tenant, "--secret", jwtSecret])
        secret = try Self.output(of: binary, ["tenant-secret", "--postgres", postgres, "--tenant", tenant])

        let receiverLog = directory.appendingPathComponent("receiver.log")
        processes.append(try Self.start(binary, ["receiver", "--port", "0", "--secret", secret], log: receiverLog))
        receiverURL = "http://127.0.0.1:\(try Self.port(in: receiverLog, message: "Receiver listening", key: "port"))"

        let configuration: [String: Any] = [
            "nodeID": "\(region)-a", "region": region, "apiHost": "127.0.0.1", "apiPort": 0, "postgresURL": postgres,
            "redisURL": redis, "jwtSecret": jwtSecret, "shardCount": 16, "allowPrivateTargets": true,
            "logLevel": "debug", "shutdownGraceSeconds": 5,
        ]
        let configurationFile = directory.appendingPathComponent("node.json")
        try JSONSerialization.data(withJSONObject: configuration).write(to: configurationFile)
        let nodeLog = directory.appendingPathComponent("node.log")
        processes.append(try Self.start(binary, ["node", "--config", configurationFile.path], log: nodeLog))
        apiURL = "http://127.0.0.1:\(try Self.port(in: nodeLog, message: "API listening", key: "api.port"))"
    }

    /// Stops the processes (SIGTERM, then SIGKILL after a deadline) and the client.
    func stop() {
        for process in processes where process.isRunning { process.terminate() }
        for process in processes {
            let deadline = Date().addingTimeInterval(15)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        client.shutdown()
    }

    /// The node's log, for failure messages.
    var nodeLog: String {
        (try? String(contentsOf: directory.appendingPathComponent("node.log"), encoding: .utf8)) ?? ""
    }

    /// Sends an API request with the tenant's token and decodes the JSON answer.
    func api(_ method: String, _ path: String, body: Any? = nil, token: String? = nil) throws -> (Int, Any?) {
        try client.json(method, apiURL + path, token: token ?? self.token, body: body)
    }

    /// Callbacks the receiver has recorded.
    func received() throws -> [[String: Any]] {
        try client.receivedCallbacks(at: receiverURL)
    }

    static func output(of binary: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandFailed(command: arguments.first ?? "", status: process.terminationStatus)
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func start(_ binary: String, _ arguments: [String], log: URL) throws -> Process {
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// Waits for the JSON log line with `message` and returns its `key`.
    static func port(in log: URL, message: String, key: String) throws -> Int {
        var port: Int?
        try eventually(timeout: 20, "\(message) in \(log.lastPathComponent)") {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") where line.contains("\"msg\":\"\(message)\"") {
                let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
                port = object?[key].flatMap { Int($0) }
            }
            return port != nil
        }
        return port!
    }

    struct CommandFailed: Error, CustomStringConvertible {
        var command: String
        var status: Int32
        var description: String { "meridian \(command) exited with \(status)" }
    }
}

/// Polls `condition` every 50 ms until it holds or `timeout` seconds pass; then throws naming `what`.
func eventually(timeout: Double, _ what: String, _ condition: () throws -> Bool) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return }
        usleep(50_000)
    }
    throw TimedOut(what: what)
}

struct TimedOut: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out waiting for \(what)" }
}
