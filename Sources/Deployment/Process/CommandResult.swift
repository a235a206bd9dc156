/// How a command run to completion by ``CommandRunner`` ended.
public struct CommandResult: Sendable {
    /// The exit status; a process killed by a signal reports 128 + the signal number.
    public var status: Int32

    /// Standard output and standard error, interleaved as written.
    public var output: String

    /// Whether the command exited with status 0.
    public var succeeded: Bool { status == 0 }

    /// The last `count` lines of the output, for error messages.
    public func tail(_ count: Int = 20) -> String {
        output.split(separator: "\n", omittingEmptySubsequences: false).suffix(count).joined(separator: "\n")
    }
}
