/// One region of a deployment, as written in `regions/<name>.json`.
///
/// Every field is required, so a misspelt field name is reported as missing rather than ignored; unknown
/// fields are rejected too. See ``RegionDirectory`` for the rules checked across files.
public struct RegionDefinition: Codable, Sendable, Equatable {
    /// Where a region is shown on a map and measured from.
    public struct Location: Codable, Sendable, Equatable {
        /// Display name, e.g. `Frankfurt`.
        public var city: String

        /// Degrees north, -90...90.
        public var latitude: Double

        /// Degrees east, -180...180.
        public var longitude: Double
    }

    /// A TCP address.
    public struct Endpoint: Codable, Sendable, Equatable, Hashable {
        /// IPv4 literal or host name; loopback in the local deployment.
        public var host: String

        /// TCP port, 1...65535.
        public var port: Int

        /// Creates an endpoint.
        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    /// The region's Postgres server.
    public struct Database: Codable, Sendable, Equatable {
        /// What the region's server does.
        public enum Role: String, Codable, Sendable {
            /// Takes writes; exactly one region has it.
            case primary
            /// A streaming replica of the primary; serves reads.
            case replica
        }

        /// `primary` or `replica`.
        public var role: Role

        /// Address of the region's Postgres server.
        public var host: String

        /// Port of the region's Postgres server.
        public var port: Int

        /// The server's address as an endpoint.
        public var endpoint: Endpoint { Endpoint(host: host, port: port) }
    }

    /// One scheduler node of the region.
    public struct Node: Codable, Sendable, Equatable {
        /// Identity unique across the deployment, e.g. `local-1-a`.
        public var id: String

        /// Address of the REST API.
        public var apiHost: String

        /// Port of the REST API.
        public var apiPort: Int

        /// Address of the cluster heartbeat listener.
        public var clusterHost: String

        /// Port of the cluster heartbeat listener.
        public var clusterPort: Int

        /// The REST API's base URL, e.g. `http://127.0.1.11:58080`.
        public var apiURL: String { "http://\(apiHost):\(apiPort)" }
    }

    /// Region name, equal to the file name without `.json`: lowercase letters, digits and `-`.
    public var name: String

    /// Display location.
    public var location: Location

    /// The region's Postgres server and its role.
    public var database: Database

    /// The region's pgbouncer (transaction pooling in front of the regional database).
    public var pgbouncer: Endpoint

    /// The region's Redis (queues, cache, rate-limit buckets).
    public var redis: Endpoint

    /// The region's nginx, balancing the nodes' REST endpoints.
    public var nginx: Endpoint

    /// The region's scheduler nodes, at least one.
    public var nodes: [Node]
}
