import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs short-lived commands (initdb, pg_ctl, redis-cli, …) to completion and captures their output.
///
/// Output goes to a temporary file and the child gets none of the caller's other descriptors, so a daemon
/// the command leaves running (pg_ctl start, redis-server --daemonize) can never keep the caller waiting.
/// Every run has a deadline; a command still running at its deadline is killed and reported as `timedOut`.
/// Safe to call from any thread.
public enum CommandRunner {
    /// Runs `executable` (an absolute path, or a name looked up in `PATH`) and returns how it ended.
    ///
    /// Throws `spawnFailed` when the program cannot start and `timedOut` when it runs past `timeout`
    /// (default 60 s). A non-zero exit is not an error here.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        timeout: Duration = .seconds(60)
    ) throws(DeploymentError) -> CommandResult {
        let path = try resolve(executable)
        let outputFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("meridian-command-\(UUID().uuidString).out").path
        defer { unlink(outputFile) }

        let pid = try ProcessSpawner.spawn(
            executable: path, arguments: arguments, outputFile: outputFile, newSession: false)
        var status: Int32?
        let finished = waitUntil(deadline: .now + timeout, poll: .milliseconds(5)) {
            status = ProcessSpawner.reap(pid)
            return status != nil
        }

        guard finished, let status else {
            kill(pid, SIGKILL)
            waitUntil(deadline: .now + .seconds(5), poll: .milliseconds(5)) { ProcessSpawner.reap(pid) != nil }
            throw DeploymentError(.timedOut, "\(executable) did not finish within \(timeout)")
        }
        let output = (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? ""
        return CommandResult(status: status, output: output)
    }

    /// Runs a command and returns its output, throwing `commandFailed` (with the output's tail) unless it
    /// exits with status 0. `description` names the step for the error message, e.g. "initdb".
    @discardableResult
    public static func runChecked(
        _ executable: String,
        _ arguments: [String],
        description: String,
        timeout: Duration = .seconds(60)
    ) throws(DeploymentError) -> String {
        let result = try run(executable, arguments, timeout: timeout)
        guard result.succeeded else {
            throw DeploymentError(
                .commandFailed, "\(description) failed with exit status \(result.status)", output: result.tail())
        }
        return result.output
    }

    /// The absolute path of `executable`: itself when it contains a slash, else the first match in `PATH`.
    public static func resolve(_ executable: String) throws(DeploymentError) -> String {
        if executable.contains("/") { return executable }

        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let folders = searchPath.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]
        for folder in folders {
            let candidate = "\(folder)/\(executable)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw DeploymentError(.spawnFailed, "\(executable) was not found in PATH")
    }
}
