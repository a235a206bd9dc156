import Foundation

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
}
