/// The one error type of the Deployment module.
///
/// `code` is stable and safe to match on. `message` is a human sentence that names files, fields and
/// commands but never holds secrets, tokens or connection passwords. `output` carries the tail of a failed
/// command's output when there is one; callers show it to an operator but it is kept out of `description`.
public struct DeploymentError: Error, CustomStringConvertible, Sendable {
    /// Stable identifiers of what went wrong.
    public enum Code: String, Sendable {
        /// A region file is missing, unreadable, malformed, or breaks a rule; the message names file and field.
        case invalidRegion = "invalid_region"
        /// The topology file is missing, malformed, or does not cover every pair of regions.
        case invalidTopology = "invalid_topology"
        /// A command ran but exited with a failure status.
        case commandFailed = "command_failed"
        /// A program could not be started at all.
        case spawnFailed = "spawn_failed"
        /// Something did not become ready (or stop) before its deadline.
        case timedOut = "timed_out"
        /// The deployment state file could not be read or written.
        case stateFile = "state_file"
        /// A file or folder could not be prepared (created, owned, permissioned).
        case fileSystem = "file_system"
        /// An HTTP request to a started component failed or was answered with an unexpected status.
        case requestFailed = "request_failed"
        /// A value given by the caller is not acceptable (e.g. a database name with odd characters).
        case invalidArgument = "invalid_argument"
    }

    /// What went wrong, stable across versions.
    public var code: Code

    /// A human sentence free of secrets.
    public var message: String

    /// The last lines printed by a failed command, if any; may be shown to an operator.
    public var output: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, output: String? = nil) {
        self.code = code
        self.message = message
        self.output = output
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
