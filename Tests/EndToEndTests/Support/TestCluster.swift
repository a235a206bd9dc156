import Deployment
import Foundation
import HTTP
import Postgres

/// Several nodes of one fresh region started as real `meridian` processes, seeded with each other, plus a receiver.
/// Nodes can be killed, frozen, thawed, stopped and added. The tenant's token is an admin token.
final class TestCluster: @unchecked Sendable {
    // @unchecked Sendable: used from one test thread; the processes are only signalled.
    struct Node {
        var id: String
        var process: Process
        var apiURL: String
        var log: URL
    }

    let region: String
    let tenant: String
    let token: String
    let receiverURL: String
    let shardCount: Int
    let client: HTTPClient
    let database: PostgresConnection
    private let binary: String
    let postgres: String
    private let redis: String
    private let jwtSecret: String
    private let directory: URL
    private let clusterPorts: [Int]
    private var receiver: Process?
    private(set) var nodes: [Node] = []

    /// Starts a receiver and `count` nodes; room is kept for `spare` more nodes joining later.
    static func start(nodes count: Int, spare: Int = 0, shardCount: Int = 64) async throws -> TestCluster {
        let cluster = try TestCluster(ports: count + spare, shardCount: shardCount)
        do {
            for index in 0..<count { try await cluster.startNode(index) }
        } catch {
            cluster.stop()
            throw error
        }
        return cluster
    }

    private init(ports: Int, shardCount: Int) throws {
        let environment = ProcessInfo.processInfo.environment
        func required(_ name: String) throws -> String {
            guard let value = environment[name], !value.isEmpty else {
                throw TestDeployment.MissingEnvironment(name: name)
            }
            return value
        }
        binary = try required("MERIDIAN_BINARY")
        postgres = try required("MERIDIAN_TEST_POSTGRES_URL")
        redis = try required("MERIDIAN_TEST_REDIS_URL")
        self.shardCount = shardCount

        let suffix = UUID().uuidString.prefix(8).lowercased()
        region = "cl-\(suffix)"
        tenant = "admin-\(suffix)"
        jwtSecret = "cluster-secret-\(UUID().uuidString)"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("meridian-cluster-\(suffix)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        clusterPorts = try (0..<ports).map { _ in try LoopbackPort.findFree() }

        var clientConfiguration = HTTPClientConfiguration()
        clientConfiguration.allowPrivateAddresses = true
        client = HTTPClient(configuration: clientConfiguration)
        _ = try TestDeployment.output(of: binary, ["migrate", "--postgres", postgres])
        database = try PostgresConnection(configuration: PostgresConfiguration(connectionString: postgres))
        token = try TestDeployment.output(of: binary, ["token", "--tenant", tenant, "--secret", jwtSecret])
        let secret = try TestDeployment.output(
            of: binary, ["tenant-secret", "--postgres", postgres, "--tenant", tenant])

        let receiverLog = directory.appendingPathComponent("receiver.log")
        receiver = try TestDeployment.start(binary, ["receiver", "--port", "0", "--secret", secret], log: receiverLog)
        let receiverPort = try TestDeployment.port(in: receiverLog, message: "Receiver listening", key: "port")
        receiverURL = "http://127.0.0.1:\(receiverPort)"
    }

    /// Starts watching the region's leases for two holders of one epoch.
    func makeMonitor() throws -> LeaseMonitor {
        try LeaseMonitor(postgres: postgres, region: region)
    }

    /// The id of node `index`.
    func nodeID(_ index: Int) -> String { "\(region)-\(index)" }

    /// Starts node `index`, seeded with every other node's address, and waits until it has joined.
    func startNode(_ index: Int) async throws {
        let seeds = clusterPorts.enumerated().filter { $0.offset != index }.map { "127.0.0.1:\($0.element)" }
        let configuration: [String: Any] = [
            "nodeID": nodeID(index), "region": region, "apiHost": "127.0.0.1", "apiPort": 0,
            "clusterHost": "127.0.0.1", "clusterPort": clusterPorts[index], "seeds": seeds,
            "postgresURL": postgres, "redisURL": redis, "jwtSecret": jwtSecret, "shardCount": shardCount,
            "allowPrivateTargets": true, "logLevel": "debug", "shutdownGraceSeconds": 10,
            "adminTenants": [tenant],
        ]
        let file = directory.appendingPathComponent("node-\(index).json")
        try JSONSerialization.data(withJSONObject: configuration).write(to: file)

        let log = directory.appendingPathComponent("node-\(index).log")
        let process = try TestDeployment.start(binary, ["node", "--config", file.path], log: log)
        let port = try await Self.logValue(in: log, message: "API listening", key: "api.port")
        _ = try await Self.logValue(in: log, message: "Cluster listening", key: "cluster.port")
        nodes.removeAll { $0.id == nodeID(index) }
        nodes.append(Node(id: nodeID(index), process: process, apiURL: "http://127.0.0.1:\(port)", log: log))
    }

    /// Sends `signal` to node `index`.
    func signal(_ index: Int, _ signal: Int32) {
        guard let node = nodes.first(where: { $0.id == nodeID(index) }) else { return }
        kill(node.process.processIdentifier, signal)
    }

    /// Waits until node `index` has exited, then forgets it.
    func waitForExit(_ index: Int, timeout: Double = 20) async throws {
        guard let node = nodes.first(where: { $0.id == nodeID(index) }) else { return }
        try await waitFor(timeout: timeout, "\(node.id) to exit") { !node.process.isRunning }
        nodes.removeAll { $0.id == node.id }
    }

    /// Stops everything: SIGCONT (in case a node is frozen), SIGTERM, then SIGKILL after a deadline.
    func stop() {
        let processes = nodes.map(\.process) + [receiver].compactMap { $0 }
        for process in processes where process.isRunning {
            kill(process.processIdentifier, SIGCONT)
            process.terminate()
        }
        for process in processes {
            let deadline = Date().addingTimeInterval(15)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        database.close()
        client.shutdown()
    }

    /// The logs of every node, for failure messages.
    var logs: String {
        nodes.map { node in
            let text = (try? String(contentsOf: node.log, encoding: .utf8)) ?? ""
            return "--- \(node.id)\n" + text.split(separator: "\n").suffix(40).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Sends an API request to the first running node (or `node`) and decodes the JSON answer.
    func api(_ method: String, _ path: String, body: Any? = nil, node: Node? = nil) throws -> (Int, Any?) {
        try client.json(method, (node ?? nodes[0]).apiURL + path, token: token, body: body)
    }

    /// Callbacks the receiver has recorded.
    func received() throws -> [[String: Any]] {
        try client.receivedCallbacks(at: receiverURL)
    }

    /// Waits for the JSON log line with `message` and returns its `key` as a number.
    private static func logValue(in log: URL, message: String, key: String) async throws -> Int {
        var value: Int?
        try await waitFor(timeout: 20, "\(message) in \(log.lastPathComponent)") {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") where line.contains("\"msg\":\"\(message)\"") {
                let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
                value = object?[key].flatMap { Int($0) }
            }
            return value != nil
        }
        return value!
    }
}

/// Polls `condition` every 50 ms until it holds or `timeout` seconds pass, then throws naming `what`. Sleeps
/// without holding a thread of the shared pool, so long multi-process tests do not starve other tests.
func waitFor(timeout: Double, _ what: String, _ condition: () throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw TimedOut(what: what)
}
