import Foundation

/// What a local deployment started, kept in a JSON file so that another shell can show or stop it.
///
/// Written by `meridian dev up` (and `dev services start`) after every component it starts, read by
/// `dev status` and `dev down`. It records every PID with its start time, every address, and the demo
/// token and callback secret, so the file is written with mode 600. Field names are the property names.
public struct DevState: Codable, Sendable, Equatable {
    /// The shared Postgres server.
    public struct PostgresEntry: Codable, Sendable, Equatable {
        /// Listening address.
        public var host: String
        /// Listening port.
        public var port: Int
        /// Data folder (also holds the Unix socket).
        public var dataDirectory: String
        /// Server log file.
        public var logFile: String
        /// The deployment's database.
        public var database: String
        /// libpq URL of that database.
        public var url: String
        /// The postmaster once started.
        public var process: ProcessRecord?

        /// Creates an entry.
        public init(
            host: String, port: Int, dataDirectory: String, logFile: String, database: String, url: String,
            process: ProcessRecord? = nil
        ) {
            self.host = host
            self.port = port
            self.dataDirectory = dataDirectory
            self.logFile = logFile
            self.database = database
            self.url = url
            self.process = process
        }
    }

    /// One region's Redis.
    public struct RedisEntry: Codable, Sendable, Equatable {
        /// Region name.
        public var region: String
        /// Listening address.
        public var host: String
        /// Listening port.
        public var port: Int
        /// Working folder with PID file and log.
        public var directory: String
        /// `redis://host:port`.
        public var url: String
        /// The server once started.
        public var process: ProcessRecord?

        /// Creates an entry.
        public init(
            region: String, host: String, port: Int, directory: String, url: String, process: ProcessRecord? = nil
        ) {
            self.region = region
            self.host = host
            self.port = port
            self.directory = directory
            self.url = url
            self.process = process
        }
    }

    /// A process started by the deployment: a node or the demo receiver.
    public struct ProcessEntry: Codable, Sendable, Equatable {
        /// Node id, or `receiver`.
        public var id: String
        /// Region of a node; `nil` for the receiver.
        public var region: String?
        /// Base URL of its HTTP endpoint.
        public var url: String
        /// Its configuration file, if it has one.
        public var configFile: String?
        /// Its log file.
        public var logFile: String
        /// The process once started.
        public var process: ProcessRecord?

        /// Creates an entry.
        public init(
            id: String, region: String? = nil, url: String, configFile: String? = nil, logFile: String,
            process: ProcessRecord? = nil
        ) {
            self.id = id
            self.region = region
            self.url = url
            self.configFile = configFile
            self.logFile = logFile
            self.process = process
        }
    }

    /// Format version of the file; 1.
    public var version = 1

    /// When the deployment was started.
    public var startedAt: Date?

    /// The demo tenant.
    public var tenant: String?

    /// A bearer token for the demo tenant.
    public var token: String?

    /// The demo tenant's callback-signing secret (`whsec_…`).
    public var callbackSecret: String?

    /// The shared Postgres server.
    public var postgres: PostgresEntry?

    /// One Redis per region.
    public var redis: [RedisEntry] = []

    /// Scheduler nodes in start order.
    public var nodes: [ProcessEntry] = []

    /// The demo receiver.
    public var receiver: ProcessEntry?

    /// Ids of the demo jobs created by `dev up`.
    public var demoJobIDs: [String] = []

    /// An empty state.
    public init() {}

    /// Every recorded process with a label, in stop order: nodes, receiver, Redis, Postgres.
    public var recordedProcesses: [(label: String, record: ProcessRecord)] {
        let started: [(String, ProcessRecord?)] =
            nodes.map { ("node \($0.id)", $0.process) } + [("receiver", receiver?.process)]
            + redis.map { ("redis \($0.region)", $0.process) } + [("postgres", postgres?.process)]
        return started.compactMap { label, record in record.map { (label, $0) } }
    }

    /// Whether any recorded process is still running.
    public var isAnyProcessAlive: Bool {
        recordedProcesses.contains { ManagedProcess.isAlive($0.record) }
    }
}
