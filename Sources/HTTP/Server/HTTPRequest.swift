/// A complete HTTP request as a handler sees it: headers and the whole body already read.
public struct HTTPRequest: Sendable {
    /// The method, uppercased (`GET`).
    public var method: String

    /// The percent-decoded path without the query string (`/v1/jobs/42`).
    public var path: String

    /// Percent-decoded query arguments; for a repeated name the last value wins; a bare `?flag` maps to `""`.
    public var query: [String: String]

    /// The request headers in arrival order.
    public var headers: HTTPHeaders

    /// The request body; at most ``HTTPServerConfiguration/maximumBodyBytes`` bytes.
    public var body: [UInt8]

    /// The peer's numeric address (`127.0.0.1`), or `""` when unknown.
    public var remoteAddress: String

    /// Values captured by `{name}` segments of the matched route; filled in by ``Router``.
    public var pathParameters: [String: String]

    /// Creates a request; used by the server and by tests that call handlers directly.
    public init(
        method: String = "GET", path: String, query: [String: String] = [:], headers: HTTPHeaders = [:],
        body: [UInt8] = [], remoteAddress: String = "127.0.0.1", pathParameters: [String: String] = [:]
    ) {
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.pathParameters = pathParameters
    }
}
