import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Starts long-running children detached from the caller and stops them again by their recorded identity.
///
/// A child runs in a new session (so its own process group, without the caller's terminal): it outlives the
/// command that started it and a Ctrl-C in the starting shell does not reach it. Standard input is
/// `/dev/null`; standard output and error are appended to a log file. Every function only ever signals the
/// PID of a ``ProcessRecord`` it is given, and only while that PID still has the recorded start time.
/// All functions are safe to call from any thread.
public enum ManagedProcess {
    /// Spawns `executable` with `arguments`, output appended to `logFile`, and returns its record.
    ///
    /// `executable` must be an absolute path. `environment` replaces the inherited environment when given.
    /// Throws `spawnFailed` when the program cannot be started (missing, not executable, log not writable).
    public static func spawn(
        executable: String,
        arguments: [String],
        logFile: URL,
        environment: [String: String]? = nil
    ) throws(DeploymentError) -> ProcessRecord {
        let pid = try ProcessSpawner.spawn(
            executable: executable, arguments: arguments, outputFile: logFile.path, newSession: true,
            environment: environment)
        return ProcessRecord(pid: pid)
    }

    /// Whether the recorded process is still running (not exited, not a zombie, same start time).
    ///
    /// Reaps the process when it is an exited child of the caller.
    public static func isAlive(_ record: ProcessRecord) -> Bool {
        guard record.pid > 0 else { return false }

        if ProcessSpawner.reap(record.pid) != nil { return false }

        guard let status = ProcessRecord.readStatus(of: record.pid), status.state != "Z" else { return false }
        if let expected = record.startTime, expected != status.startTime { return false }
        return true
    }

    /// Stops the recorded process: SIGTERM, up to `grace` for it to exit, then SIGKILL.
    ///
    /// Returns `true` when the process is gone afterwards (also when it was never running), `false` when it
    /// survived SIGKILL for 5 seconds (for example stuck in uninterruptible sleep).
    @discardableResult
    public static func terminate(_ record: ProcessRecord, grace: Duration = .seconds(10)) -> Bool {
        guard isAlive(record) else { return true }
        kill(record.pid, SIGTERM)

        if waitUntil(deadline: .now + grace, poll: .milliseconds(20), { !isAlive(record) }) { return true }

        guard isAlive(record) else { return true }
        kill(record.pid, SIGKILL)
        return waitUntil(deadline: .now + .seconds(5), poll: .milliseconds(20)) { !isAlive(record) }
    }
}
