/// Errors of the Cluster module.
public struct ClusterError: Error, Sendable, CustomStringConvertible {
    /// Stable codes.
    public enum Code: String, Sendable {
        /// Leadership was asked of a connection that goes through a pooling proxy.
        case notDirectSession
        /// The lock session does not hold what the node believes it holds.
        case leaseDoubt
    }

    public var code: Code

    /// What happened, without connection strings or SQL.
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
