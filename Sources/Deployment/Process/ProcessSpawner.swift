import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Starts programs with `posix_spawn`, standard input from `/dev/null` and output appended to a file.
///
/// Descriptors above standard error are closed in the child, so a daemon the program leaves behind never
/// holds one of the caller's pipes or sockets open. Signal mask and dispositions are reset to defaults.
enum ProcessSpawner {
    /// Spawns `executable` (absolute path) and returns its PID; `newSession` detaches it from the caller's
    /// session and process group. Throws `spawnFailed` with the system's reason.
    static func spawn(
        executable: String,
        arguments: [String],
        outputFile: String,
        newSession: Bool,
        environment: [String: String]? = nil
    ) throws(DeploymentError) -> pid_t {
        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&fileActions, 1, outputFile, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&fileActions, 1, 2)
        for descriptor in inheritedDescriptors() { posix_spawn_file_actions_addclose(&fileActions, descriptor) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        configure(&attributes, newSession: newSession)

        let argv = CStringArray([executable] + arguments)
        let envp = CStringArray((environment ?? ProcessInfo.processInfo.environment).map { "\($0)=\($1)" })
        var pid: pid_t = 0
        let status = withExtendedLifetime((argv, envp)) {
            posix_spawn(&pid, executable, &fileActions, &attributes, argv.pointers, envp.pointers)
        }

        guard status == 0 else {
            let reason = String(cString: strerror(status))
            throw DeploymentError(.spawnFailed, "Could not start \(executable): \(reason)")
        }
        return pid
    }

    /// Reaps `pid` if it has exited: its exit status (128 + signal number when killed), else `nil`.
    static func reap(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }

        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    private static func configure(_ attributes: inout posix_spawnattr_t, newSession: Bool) {
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)

        // Restore default handling for every signal the caller may have ignored or caught.
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)

        let flags = (newSession ? spawnNewSession : 0) | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        posix_spawnattr_setflags(&attributes, Int16(flags))
    }

    /// glibc's `POSIX_SPAWN_SETSID` (spawn.h), hidden from Swift because it needs `_GNU_SOURCE`.
    private static let spawnNewSession: Int32 = 0x80

    /// Open descriptors above standard error, listed from `/proc/self/fd`.
    private static func inheritedDescriptors() -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap { Int32($0) }.filter { $0 > 2 }
    }
}

/// A NULL-terminated array of C strings that lives as long as this value.
private final class CStringArray {
    let pointers: [UnsafeMutablePointer<CChar>?]

    init(_ strings: [String]) {
        pointers = strings.map { strdup($0) } + [nil]
    }

    deinit {
        for pointer in pointers { free(pointer) }
    }
}
