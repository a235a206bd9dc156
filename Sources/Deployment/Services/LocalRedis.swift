import Foundation

/// A Redis server for one machine, daemonized with a PID file and without persistence.
///
/// Runs `redis-server --bind <host> --port <port> --daemonize yes --save '' --appendonly no` with its
/// folder, PID file and log in `directory`. Each call blocks until done; the value holds only its
/// configuration, so any process can stop a server another one started.
public struct LocalRedis: Sendable {
    /// Where the server lives and listens.
    public struct Configuration: Sendable {
        /// Loopback address to bind, e.g. `127.0.1.1`.
        public var host: String

        /// TCP port.
        public var port: Int

        /// Working folder; holds `redis.pid` and `redis.log`.
        public var directory: URL

        /// Server program, a path or a name looked up in `PATH`. Default `redis-server`.
        public var serverProgram = "redis-server"

        /// Client program used for readiness and shutdown. Default `redis-cli`.
        public var clientProgram = "redis-cli"

        /// Creates a configuration; the programs keep their defaults.
        public init(host: String, port: Int, directory: URL) {
            self.host = host
            self.port = port
            self.directory = directory
        }
    }

    /// Where this server lives.
    public let configuration: Configuration

    /// Creates a handle; nothing is started.
    public init(_ configuration: Configuration) {
        self.configuration = configuration
    }

    /// The server's URL, `redis://host:port`.
    public var url: String { "redis://\(configuration.host):\(configuration.port)" }

    /// The PID file written by the server.
    public var pidFile: URL { configuration.directory.appendingPathComponent("redis.pid") }

    /// The server's log file.
    public var logFile: URL { configuration.directory.appendingPathComponent("redis.log") }

    /// The PID from the PID file when that process is alive, else `nil`.
    public var serverPID: Int32? {
        guard let text = try? String(contentsOf: pidFile, encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else { return nil }
        return ManagedProcess.isAlive(ProcessRecord(pid: pid, startTime: nil)) ? pid : nil
    }

    /// Starts the server unless this one runs already, and waits until it answers PING.
    ///
    /// Throws `commandFailed` when another server already answers on the port or redis-server fails, and
    /// `timedOut` when the server does not answer within `timeout` (default 10 s; see the log file).
    public func start(timeout: Duration = .seconds(10)) throws(DeploymentError) {
        if serverPID != nil, isReady() { return }
        guard !isReady() else {
            throw DeploymentError(.commandFailed, "Another Redis already answers on \(url)")
        }

        try makeDirectory()
        try CommandRunner.runChecked(configuration.serverProgram, serverArguments, description: "redis-server")

        guard waitUntil(deadline: .now + timeout, { serverPID != nil && isReady() }) else {
            throw DeploymentError(.timedOut, "Redis on \(url) did not answer PING; see \(logFile.path)")
        }
    }

    /// Whether a server answers PING on the configured address.
    public func isReady() -> Bool {
        let arguments = ["-h", configuration.host, "-p", "\(configuration.port)", "ping"]
        let result = try? CommandRunner.run(configuration.clientProgram, arguments, timeout: .seconds(5))
        return result?.output.trimmingCharacters(in: .whitespacesAndNewlines) == "PONG"
    }

    /// Stops this server (`SHUTDOWN NOSAVE`) and waits until its process has exited. Idempotent.
    ///
    /// Falls back to SIGTERM then SIGKILL of the PID in its own PID file when the server ignores the
    /// command. Throws `timedOut` when the process still runs after that.
    public func stop(timeout: Duration = .seconds(10)) throws(DeploymentError) {
        guard let pid = serverPID else { return }
        let record = ProcessRecord(pid: pid)

        let arguments = ["-h", configuration.host, "-p", "\(configuration.port)", "shutdown", "nosave"]
        _ = try? CommandRunner.run(configuration.clientProgram, arguments, timeout: .seconds(5))
        if waitUntil(deadline: .now + timeout, { !ManagedProcess.isAlive(record) }) { return }

        guard ManagedProcess.terminate(record, grace: .seconds(2)) else {
            throw DeploymentError(.timedOut, "Redis on \(url) (pid \(pid)) did not stop")
        }
    }

    private var serverArguments: [String] {
        [
            "--bind", configuration.host, "--port", "\(configuration.port)", "--daemonize", "yes",
            "--save", "", "--appendonly", "no", "--dir", configuration.directory.path,
            "--pidfile", pidFile.path, "--logfile", logFile.path,
        ]
    }

    private func makeDirectory() throws(DeploymentError) {
        do {
            try FileManager.default.createDirectory(at: configuration.directory, withIntermediateDirectories: true)
        } catch {
            throw DeploymentError(.fileSystem, "Could not create \(configuration.directory.path)")
        }
    }
}
