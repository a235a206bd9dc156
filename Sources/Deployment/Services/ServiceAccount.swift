import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs server programs that refuse to run as root under an unprivileged system account.
///
/// When the caller is root, commands are wrapped in `runuser -u <account> --` and run from `/tmp` (which
/// the account can enter, unlike root's home), and the
/// files they write are handed to the account first. When the caller is not root nothing changes: the
/// programs run as the caller, who owns the files already.
struct ServiceAccount: Sendable {
    /// The system account, e.g. `postgres`.
    let name: String

    /// Whether commands must switch accounts (the caller is root).
    var isSwitching: Bool { geteuid() == 0 }

    /// The command line that runs `executable` as the account.
    func command(_ executable: String, _ arguments: [String]) -> (executable: String, arguments: [String]) {
        guard isSwitching else { return (executable, arguments) }

        let runuser = (try? CommandRunner.resolve("runuser")) ?? "/usr/sbin/runuser"
        return ("/usr/bin/env", ["-C", "/tmp", runuser, "-u", name, "--", executable] + arguments)
    }

    /// Runs `executable` as the account from `/tmp` and fails unless it exits with status 0.
    @discardableResult
    func runChecked(
        _ executable: String,
        _ arguments: [String],
        description: String,
        timeout: Duration = .seconds(60)
    ) throws(DeploymentError) -> String {
        let wrapped = command(executable, arguments)
        return try CommandRunner.runChecked(
            wrapped.executable, wrapped.arguments, description: description, timeout: timeout)
    }

    /// Runs `executable` as the account from `/tmp` and returns how it ended.
    func run(_ executable: String, _ arguments: [String]) throws(DeploymentError) -> CommandResult {
        let wrapped = command(executable, arguments)
        return try CommandRunner.run(wrapped.executable, wrapped.arguments)
    }

    /// Creates `folder` (and its parents) if needed, gives it to the account and sets `mode`.
    func prepareFolder(_ folder: URL, mode: mode_t) throws(DeploymentError) {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw DeploymentError(.fileSystem, "Could not create \(folder.path)")
        }
        try handOver(folder.path)

        guard chmod(folder.path, mode) == 0 else {
            throw DeploymentError(.fileSystem, "Could not set the mode of \(folder.path)")
        }
    }

    /// Creates `file` empty if missing and gives it to the account.
    func prepareFile(_ file: URL) throws(DeploymentError) {
        if !FileManager.default.fileExists(atPath: file.path) {
            guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
                throw DeploymentError(.fileSystem, "Could not create \(file.path)")
            }
        }
        try handOver(file.path)
    }

    /// Fails with a hint when the account cannot reach `folder` (a parent folder is closed to it).
    func checkReachable(_ folder: URL) throws(DeploymentError) {
        guard isSwitching else { return }

        let result = try run("/usr/bin/test", ["-x", folder.path])
        guard result.succeeded else {
            throw DeploymentError(
                .fileSystem,
                "The \(name) account cannot enter \(folder.path); choose a folder it can reach "
                    + "(for the local deployment set MERIDIAN_DEV_DIR, e.g. to /tmp/meridian-dev)")
        }
    }

    private func handOver(_ path: String) throws(DeploymentError) {
        guard isSwitching else { return }

        guard let account = getpwnam(name) else {
            throw DeploymentError(.fileSystem, "The system account \(name) does not exist")
        }
        guard chown(path, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
            throw DeploymentError(.fileSystem, "Could not give \(path) to \(name)")
        }
    }
}
