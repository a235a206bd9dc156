import Deployment
import Foundation

/// What `meridian dev status` shows, built from the state file and a liveness check of every PID.
///
/// The JSON form (`--json`) has stable keys: `running`, `apiURL`, `apiURLs`, `token`, `tenant`,
/// `receiverURL`, `postgresURL`, `redis` (region → URL), `nodes` [{`id`, `region`, `apiURL`, `pid`,
/// `alive`}] and `processes` [{`name`, `pid`, `alive`}] for everything recorded.
struct DevStatusReport: Encodable, Sendable {
    /// One node's line.
    struct Node: Encodable, Sendable {
        var id: String
        var region: String
        var apiURL: String
        var pid: Int32?
        var alive: Bool

        enum CodingKeys: String, CodingKey { case id, region, apiURL, pid, alive }

        /// Writes every key, `null` included, so the shape never changes.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(region, forKey: .region)
            try container.encode(apiURL, forKey: .apiURL)
            try container.encode(pid, forKey: .pid)
            try container.encode(alive, forKey: .alive)
        }
    }

    /// One recorded process.
    struct Process: Encodable, Sendable {
        var name: String
        var pid: Int32
        var alive: Bool
    }

    /// Whether every recorded process is alive (and there is at least one).
    var running: Bool
    /// The first live node's API, else the first node's.
    var apiURL: String?
    var apiURLs: [String]
    var token: String?
    var tenant: String?
    var receiverURL: String?
    var postgresURL: String?
    var redis: [String: String]
    var nodes: [Node]
    var processes: [Process]

    enum CodingKeys: String, CodingKey {
        case running, apiURL, apiURLs, token, tenant, receiverURL, postgresURL, redis, nodes, processes
    }

    /// Writes every key, `null` included, so the shape never changes.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(running, forKey: .running)
        try container.encode(apiURL, forKey: .apiURL)
        try container.encode(apiURLs, forKey: .apiURLs)
        try container.encode(token, forKey: .token)
        try container.encode(tenant, forKey: .tenant)
        try container.encode(receiverURL, forKey: .receiverURL)
        try container.encode(postgresURL, forKey: .postgresURL)
        try container.encode(redis, forKey: .redis)
        try container.encode(nodes, forKey: .nodes)
        try container.encode(processes, forKey: .processes)
    }

    /// Builds the report, checking every recorded PID now.
    init(state: DevState) {
        processes = state.recordedProcesses.map {
            Process(name: $0.label, pid: $0.record.pid, alive: ManagedProcess.isAlive($0.record))
        }
        running = !processes.isEmpty && processes.allSatisfy(\.alive)
        nodes = state.nodes.map { entry in
            Node(
                id: entry.id, region: entry.region ?? "", apiURL: entry.url, pid: entry.process?.pid,
                alive: entry.process.map(ManagedProcess.isAlive) ?? false)
        }

        apiURLs = nodes.map(\.apiURL)
        apiURL = nodes.first(where: \.alive)?.apiURL ?? apiURLs.first
        token = state.token
        tenant = state.tenant
        receiverURL = state.receiver?.url
        postgresURL = state.postgres?.url
        redis = Dictionary(state.redis.map { ($0.region, $0.url) }, uniquingKeysWith: { first, _ in first })
    }

    /// Pretty JSON with sorted keys.
    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// A human summary: endpoints and every process with its state.
    func text() -> String {
        var lines = [running ? "Local deployment: running" : "Local deployment: not fully running", ""]
        for node in nodes {
            lines.append("  node \(node.id) (\(node.region))  \(node.apiURL)  \(describe(node.pid, node.alive))")
        }
        if let receiverURL { lines.append("  receiver  \(receiverURL)") }
        if let postgresURL { lines.append("  postgres  \(postgresURL)") }
        for (region, url) in redis.sorted(by: { $0.key < $1.key }) { lines.append("  redis \(region)  \(url)") }

        let others = processes.filter { !$0.name.hasPrefix("node ") }
        lines.append("")
        lines.append(contentsOf: others.map { "  \($0.name): \(describe($0.pid, $0.alive))" })
        return lines.joined(separator: "\n")
    }

    private func describe(_ pid: Int32?, _ alive: Bool) -> String {
        guard let pid else { return "not running" }
        return alive ? "pid \(pid), alive" : "pid \(pid), dead"
    }
}
