/// The error of the HTTP module: a stable ``Code`` and a human message.
///
/// Messages name what failed (an address, a limit) but never hold request or response payloads, header values
/// or full URLs, which may carry secrets.
public struct HTTPError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Stable machine codes; their raw values are safe to use as metric labels.
    public enum Code: String, Sendable {
        /// The server could not listen on the configured address.
        case bindFailed
        /// The connect or total timeout of a request elapsed.
        case timeout
        /// The peer refused or did not answer the connection.
        case connectionFailed
        /// The host name did not resolve.
        case resolutionFailed
        /// The resolved address is loopback, private, link-local or metadata and such addresses are not allowed.
        case addressRefused
        /// The response exceeded a hard limit.
        case responseTooLarge
        /// The URL is malformed or its scheme is not http or https.
        case invalidURL
        /// The request was cancelled, for example by ``HTTPClient/shutdown()``.
        case cancelled
        /// Any other transport failure (TLS, protocol, reset).
        case transport
    }

    /// What kind of failure this is.
    public var code: Code

    /// A human sentence naming what failed.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// Creates an error; shorthand for ``init(code:message:)``.
    public init(_ code: Code, _ message: String) {
        self.init(code: code, message: message)
    }

    /// `"<code>: <message>"`.
    public var description: String { "\(code.rawValue): \(message)" }
}
