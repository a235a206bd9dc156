/// Errors of the Cluster module.
public struct ClusterError: Error, Sendable, CustomStringConvertible {
    /// Stable codes.
    public enum Code: String, Sendable {
        /// Leadership was asked of a connection that goes through a pooling proxy.
        case notDirectSession
        /// The lock session does not hold what the node believes it holds.
        case leaseDoubt
        /// A membership frame declared a length of zero or above the limit.
        case oversizedFrame
        /// A membership frame carried a version this node does not speak.
        case unknownVersion
        /// A membership frame did not decode to a message.
        case malformedFrame
        /// The cluster listener could not be opened.
        case listenerFailed
        /// A configuration value is out of range.
        case invalidConfiguration
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
