/// The one error type of the Redis module. `message` never holds command arguments or passwords.
public struct RedisError: Error, Sendable, CustomStringConvertible {
    /// Stable category of a failure.
    public enum Code: String, Sendable {
        /// Could not connect, or the connection broke (I/O error, server closed it).
        case connectionFailed
        /// The server did not answer within `commandTimeout`; the connection is unusable afterwards.
        case timeout
        /// The server answered with an error reply (`message` is that reply, e.g. `WRONGTYPE …`).
        case server
        /// The reply could not be parsed, or the request was malformed before sending.
        case protocolError
        /// The connection or pool was closed by its owner.
        case closed
        /// No pooled connection became free within the pool's acquire timeout.
        case poolTimeout
        /// A configuration value (such as a URL) is invalid; `message` names the problem.
        case invalidConfiguration
    }

    /// Stable category of the failure.
    public var code: Code

    /// Human-readable message.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `RedisError(code): message`.
    public var description: String {
        "RedisError(\(code.rawValue)): \(message)"
    }
}
