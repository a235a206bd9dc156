import Cluster
import Foundation
import Telemetry

/// Everything one scheduler node needs to start, read from a JSON file given to `meridian node --config`.
///
/// Field names in the file are the property names below. Durations are in milliseconds, named `…Ms`.
struct NodeConfiguration: Codable, Sendable {
    /// Stable identity of the node across restarts, e.g. `local-1-a`.
    var nodeID: String

    /// Region the node serves; it leads only this region's shards.
    var region: String

    /// Address of the REST API. Loopback only in the local deployment.
    var apiHost: String = "127.0.0.1"

    /// Port of the REST API; 0 picks a free port, written to the log line "API listening".
    var apiPort: Int = 8080

    /// Address of the cluster heartbeat listener.
    var clusterHost: String = "127.0.0.1"

    /// Port of the cluster heartbeat listener; 0 picks a free port.
    var clusterPort: Int = 0

    /// libpq connection string of the primary, connected to directly (never through a pooler): leadership
    /// depends on session advisory locks.
    var postgresURL: String

    /// Redis of the node's region, as `redis://host:port`.
    var redisURL: String

    /// HS256 secret that API bearer tokens are signed with.
    var jwtSecret: String

    /// Shards per region. Every node of a deployment must agree on it. Default 256.
    var shardCount: Int = 256

    /// Allows callbacks to loopback and private addresses. Only the local deployment sets it.
    var allowPrivateTargets: Bool = false

    /// Concurrent callback deliveries per node. Default 64.
    var deliveryConcurrency: Int = 64

    /// Applies pending migrations before serving.
    var migrateOnStart: Bool = false

    /// Minimum log level: trace, debug, info, warning or error.
    var logLevel: String = "info"

    /// Log file path; standard error when absent.
    var logFile: String?

    /// Seconds in-flight callbacks get to finish after SIGTERM. Default 10.
    var shutdownGraceSeconds: Int = 10

    /// Days of runs kept in the ledger; older daily partitions are dropped by the hourly maintenance. Default 30.
    var fireRetentionDays: Int = 30

    /// Cluster listeners (`host:port`) of the other nodes, of every region, to announce this node to. Default
    /// none: a node alone leads every shard of its region. `meridian dev up` fills it from `regions/`.
    var seeds: [String] = []

    /// Round-trip latencies between regions, as in `regions/topology.json`. The regions named here have shards;
    /// when one has no live node, the nearest region with live nodes leads its shards until it returns.
    /// Default none: only the node's own region (and those of known members) are served.
    var regionTopology: [RegionLink] = []

    /// Tenants whose tokens may read `GET /v1/cluster`. Default none: the route answers 403 to everyone.
    var adminTenants: [String] = []

    /// Interval of membership heartbeats. Default 200 ms.
    var heartbeatIntervalMs: Int = 200

    /// Silence after which a peer is suspected; indirect probes start at two thirds of it. Default 600 ms.
    var suspectAfterMs: Int = 600

    /// Time a suspect has to refute before it is declared dead and its shards move. Default 1000 ms: with the
    /// defaults a dead node is declared about 1.6 s after it went silent.
    var suspicionTimeoutMs: Int = 1_000

    /// Interval of the lease loop (lock session check, release, acquisition); membership changes also run it at
    /// once. Default 200 ms, so that shards freed by a dead node are taken within about 2 s of its death.
    var leaseRenewIntervalMs: Int = 200
}

/// A link of the region topology: two region names and their round-trip latency in milliseconds.
struct RegionLink: Codable, Sendable, Equatable {
    var between: [String]
    var latencyMs: Int
}

extension NodeConfiguration {
    /// Decodes the file: the required fields must be present; every other field falls back to its default.
    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        nodeID = try container.decode(String.self, forKey: .nodeID)
        region = try container.decode(String.self, forKey: .region)
        postgresURL = try container.decode(String.self, forKey: .postgresURL)
        redisURL = try container.decode(String.self, forKey: .redisURL)
        jwtSecret = try container.decode(String.self, forKey: .jwtSecret)

        apiHost = try container.decodeIfPresent(String.self, forKey: .apiHost) ?? apiHost
        apiPort = try container.decodeIfPresent(Int.self, forKey: .apiPort) ?? apiPort
        clusterHost = try container.decodeIfPresent(String.self, forKey: .clusterHost) ?? clusterHost
        clusterPort = try container.decodeIfPresent(Int.self, forKey: .clusterPort) ?? clusterPort
        shardCount = try container.decodeIfPresent(Int.self, forKey: .shardCount) ?? shardCount
        allowPrivateTargets = try container.decodeIfPresent(Bool.self, forKey: .allowPrivateTargets) ?? false
        deliveryConcurrency =
            try container.decodeIfPresent(Int.self, forKey: .deliveryConcurrency) ?? deliveryConcurrency
        migrateOnStart = try container.decodeIfPresent(Bool.self, forKey: .migrateOnStart) ?? false
        logLevel = try container.decodeIfPresent(String.self, forKey: .logLevel) ?? logLevel
        logFile = try container.decodeIfPresent(String.self, forKey: .logFile)
        shutdownGraceSeconds =
            try container.decodeIfPresent(Int.self, forKey: .shutdownGraceSeconds) ?? shutdownGraceSeconds
        fireRetentionDays = try container.decodeIfPresent(Int.self, forKey: .fireRetentionDays) ?? fireRetentionDays
        try decodeCluster(container)
    }

    private mutating func decodeCluster(_ container: KeyedDecodingContainer<CodingKeys>) throws {
        seeds = try container.decodeIfPresent([String].self, forKey: .seeds) ?? seeds
        regionTopology = try container.decodeIfPresent([RegionLink].self, forKey: .regionTopology) ?? regionTopology
        adminTenants = try container.decodeIfPresent([String].self, forKey: .adminTenants) ?? adminTenants
        heartbeatIntervalMs =
            try container.decodeIfPresent(Int.self, forKey: .heartbeatIntervalMs) ?? heartbeatIntervalMs
        suspectAfterMs = try container.decodeIfPresent(Int.self, forKey: .suspectAfterMs) ?? suspectAfterMs
        suspicionTimeoutMs = try container.decodeIfPresent(Int.self, forKey: .suspicionTimeoutMs) ?? suspicionTimeoutMs
        leaseRenewIntervalMs =
            try container.decodeIfPresent(Int.self, forKey: .leaseRenewIntervalMs) ?? leaseRenewIntervalMs
    }
}

extension NodeConfiguration {
    /// Reads and validates the configuration file at `path`.
    ///
    /// - Throws: a ``UsageError`` naming the file and the field that is wrong.
    static func load(path: String) throws -> NodeConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("cannot read the configuration file \(path)")
        }
        let configuration: NodeConfiguration
        do {
            configuration = try JSONDecoder().decode(NodeConfiguration.self, from: data)
        } catch DecodingError.keyNotFound(let key, _) {
            throw UsageError("\(path): field \(key.stringValue) is required")
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw UsageError("\(path): field \(field) has the wrong type")
        } catch {
            throw UsageError("\(path) is not valid JSON")
        }
        try configuration.validate(path: path)
        return configuration
    }

    func validate(path: String) throws {
        func check(_ condition: Bool, _ field: String, _ rule: String) throws {
            if !condition { throw UsageError("\(path): field \(field) \(rule)") }
        }
        try check(!nodeID.isEmpty, "nodeID", "must not be empty")
        try check(!region.isEmpty, "region", "must not be empty")
        try check((0...65_535).contains(apiPort), "apiPort", "must be a port number")
        try check((0...65_535).contains(clusterPort), "clusterPort", "must be a port number")
        try check(jwtSecret.utf8.count >= 16, "jwtSecret", "must be at least 16 bytes")
        try check((1...65_536).contains(shardCount), "shardCount", "must be between 1 and 65536")
        try check((1...4_096).contains(deliveryConcurrency), "deliveryConcurrency", "must be between 1 and 4096")
        try check(redisURL.hasPrefix("redis://"), "redisURL", "must look like redis://host:port")
        try check((0...600).contains(shutdownGraceSeconds), "shutdownGraceSeconds", "must be between 0 and 600")
        try check((1...3_650).contains(fireRetentionDays), "fireRetentionDays", "must be between 1 and 3650")
        try check(Logger.Level(name: logLevel) != nil, "logLevel", "must be trace, debug, info, warning or error")
        try validateCluster(check)
    }

    private func validateCluster(_ check: (Bool, String, String) throws -> Void) throws {
        for seed in seeds { try check(ClusterAddress(seed) != nil, "seeds", "must hold host:port entries") }
        for link in regionTopology {
            try check(
                link.between.count == 2 && link.latencyMs > 0, "regionTopology", "links need two regions and a latency")
        }
        try check((10...10_000).contains(heartbeatIntervalMs), "heartbeatIntervalMs", "must be between 10 and 10000")
        try check(suspectAfterMs >= 2 * heartbeatIntervalMs, "suspectAfterMs", "must be at least two heartbeats")
        try check(suspicionTimeoutMs >= heartbeatIntervalMs, "suspicionTimeoutMs", "must be at least one heartbeat")
        try check((10...60_000).contains(leaseRenewIntervalMs), "leaseRenewIntervalMs", "must be between 10 and 60000")
    }

    /// The failure-detector timings of this configuration.
    var membershipTimings: MembershipConfiguration {
        var timings = MembershipConfiguration()
        timings.heartbeatInterval = .milliseconds(heartbeatIntervalMs)
        timings.suspectAfter = .milliseconds(suspectAfterMs)
        timings.probeAfter = .milliseconds(max(heartbeatIntervalMs, suspectAfterMs * 2 / 3))
        timings.suspicionTimeout = .milliseconds(suspicionTimeoutMs)
        return timings
    }
}
