import Foundation

/// A Postgres server for one machine: created with initdb, started and stopped with pg_ctl.
///
/// Meant for the local deployment and for tests: authentication is `trust` for local sockets and loopback
/// TCP, and the cluster is created with `--no-sync`. When the caller is root every server program runs as
/// the `postgres` account (they refuse root), on a data folder owned by it with mode 700. The Unix socket
/// lives in the data folder. Each call blocks until done; the value is `Sendable` and holds no state
/// beyond its configuration, so any process can stop a server another one started.
public struct LocalPostgres: Sendable {
    /// Where the server lives and listens.
    public struct Configuration: Sendable {
        /// Loopback address to listen on, e.g. `127.0.1.1`.
        public var host: String

        /// TCP port.
        public var port: Int

        /// The cluster's data folder; also holds the Unix socket.
        public var dataDirectory: URL

        /// Server log file, appended to.
        public var logFile: URL

        /// Folder of initdb, pg_ctl, pg_isready, psql. Default: Debian's Postgres 15.
        public var binDirectory = URL(fileURLWithPath: "/usr/lib/postgresql/15/bin")

        /// Name of the superuser role created by initdb. Default `postgres`.
        public var superuser = "postgres"

        /// Extra server settings passed as `-c name=value` at start, e.g. `["fsync": "off"]`.
        public var settings: [String: String] = [:]

        /// Creates a configuration; the other fields keep their defaults.
        public init(host: String, port: Int, dataDirectory: URL, logFile: URL, settings: [String: String] = [:]) {
            self.host = host
            self.port = port
            self.dataDirectory = dataDirectory
            self.logFile = logFile
            self.settings = settings
        }
    }

    /// Where this server lives.
    public let configuration: Configuration

    private let account = ServiceAccount(name: "postgres")

    /// Creates a handle; nothing is started.
    public init(_ configuration: Configuration) {
        self.configuration = configuration
    }

    /// libpq URL of `database` as the superuser over TCP, e.g. `postgresql://postgres@127.0.1.1:55432/meridian`.
    public func connectionString(database: String) -> String {
        "postgresql://\(configuration.superuser)@\(configuration.host):\(configuration.port)/\(database)"
    }

    /// Whether the data folder holds a cluster already.
    public var isInitialized: Bool {
        FileManager.default.fileExists(atPath: configuration.dataDirectory.appendingPathComponent("PG_VERSION").path)
    }

    /// The postmaster's PID from `postmaster.pid`, or `nil` when the server is not running.
    public var serverPID: Int32? {
        let pidFile = configuration.dataDirectory.appendingPathComponent("postmaster.pid")
        guard let text = try? String(contentsOf: pidFile, encoding: .utf8) else { return nil }
        return text.split(separator: "\n").first.flatMap { Int32($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Creates the cluster with initdb unless the data folder holds one already.
    ///
    /// Throws `fileSystem` when the folder cannot be prepared or reached by the `postgres` account, and
    /// `commandFailed` (with initdb's output) when initdb fails.
    public func initializeIfNeeded() throws(DeploymentError) {
        guard !isInitialized else { return }

        try checkPaths()
        try account.prepareFolder(configuration.dataDirectory, mode: 0o700)
        try account.checkReachable(configuration.dataDirectory)

        try account.runChecked(
            tool("initdb"),
            [
                "-D", configuration.dataDirectory.path, "-U", configuration.superuser, "-A", "trust",
                "-E", "UTF8", "--no-locale", "--no-sync",
            ],
            description: "initdb")
        try allowLoopbackClients()
    }

    /// Starts the server unless it runs already, and waits until it accepts connections.
    ///
    /// Throws `commandFailed` when pg_ctl fails (see the log file) and `timedOut` when the server does not
    /// accept connections within `timeout` (default 30 s).
    public func start(timeout: Duration = .seconds(30)) throws(DeploymentError) {
        guard try !isRunning() else { return }

        try account.prepareFile(configuration.logFile)
        try account.runChecked(
            tool("pg_ctl"),
            [
                "start", "-D", configuration.dataDirectory.path, "-w", "-t", "\(Int(timeout.seconds))",
                "-l", configuration.logFile.path, "-o", serverOptions(),
            ],
            description: "pg_ctl start", timeout: timeout + .seconds(5))

        guard waitUntil(deadline: .now + timeout, { isReady() }) else {
            throw DeploymentError(.timedOut, "Postgres on port \(configuration.port) did not accept connections")
        }
    }

    /// Whether the server accepts connections on its TCP address (`pg_isready`).
    public func isReady() -> Bool {
        let arguments = ["-h", configuration.host, "-p", "\(configuration.port)", "-t", "1", "-q"]
        return (try? CommandRunner.run(tool("pg_isready"), arguments, timeout: .seconds(5)))?.succeeded ?? false
    }

    /// Whether pg_ctl reports a server running on the data folder.
    public func isRunning() throws(DeploymentError) -> Bool {
        guard isInitialized else { return false }
        return try account.run(tool("pg_ctl"), ["status", "-D", configuration.dataDirectory.path]).succeeded
    }

    /// Creates `name` unless it exists. Names are limited to lowercase letters, digits and `_`.
    ///
    /// Throws `invalidArgument` for another name and `commandFailed` when psql or createdb fail.
    public func createDatabase(_ name: String) throws(DeploymentError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_")
        guard !name.isEmpty, name.allSatisfy({ allowed.contains($0) }) else {
            throw DeploymentError(.invalidArgument, "Database names are limited to a-z, 0-9 and _")
        }

        let exists = try CommandRunner.runChecked(
            tool("psql"),
            connectionArguments + ["-d", "postgres", "-tAc", "select 1 from pg_database where datname = '\(name)'"],
            description: "psql")
        guard exists.trimmingCharacters(in: .whitespacesAndNewlines) != "1" else { return }

        try CommandRunner.runChecked(tool("createdb"), connectionArguments + [name], description: "createdb")
    }

    /// Stops the server with a fast shutdown (`pg_ctl stop -m fast`) if it runs. Idempotent.
    ///
    /// Throws `commandFailed` when pg_ctl cannot stop it within `timeout` (default 30 s).
    public func stop(timeout: Duration = .seconds(30)) throws(DeploymentError) {
        guard try isRunning() else { return }

        try account.runChecked(
            tool("pg_ctl"),
            ["stop", "-D", configuration.dataDirectory.path, "-m", "fast", "-w", "-t", "\(Int(timeout.seconds))"],
            description: "pg_ctl stop", timeout: timeout + .seconds(5))
    }

    private var connectionArguments: [String] {
        ["-h", configuration.host, "-p", "\(configuration.port)", "-U", configuration.superuser]
    }

    private func tool(_ name: String) -> String {
        configuration.binDirectory.appendingPathComponent(name).path
    }

    private func serverOptions() -> String {
        let settings = [
            "listen_addresses": configuration.host, "port": "\(configuration.port)",
            "unix_socket_directories": configuration.dataDirectory.path,
        ]
        .merging(configuration.settings) { _, extra in extra }

        // pg_ctl hands these options to a shell: quote every value.
        return settings.sorted { $0.key < $1.key }.map { "-c \($0.key)='\($0.value)'" }.joined(separator: " ")
    }

    private func checkPaths() throws(DeploymentError) {
        let paths = [configuration.dataDirectory.path, configuration.logFile.path]
        guard !paths.contains(where: { $0.contains("'") }) else {
            throw DeploymentError(.invalidArgument, "Postgres paths must not contain a single quote")
        }

        // A Unix socket path is limited to 107 bytes; the socket file name adds up to 18.
        guard configuration.dataDirectory.path.utf8.count <= 88 else {
            throw DeploymentError(.invalidArgument, "The Postgres data folder path is too long for its socket")
        }
    }

    private func allowLoopbackClients() throws(DeploymentError) {
        let rules = configuration.dataDirectory.appendingPathComponent("pg_hba.conf")
        do {
            let handle = try FileHandle(forWritingTo: rules)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("host all all 127.0.0.0/8 trust\n".utf8))
        } catch {
            throw DeploymentError(.fileSystem, "Could not update \(rules.path)")
        }
    }
}
