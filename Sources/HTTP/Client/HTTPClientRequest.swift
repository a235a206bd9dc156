/// An outgoing request for ``HTTPClient``.
public struct HTTPClientRequest: Sendable {
    /// The method (default `POST`, the usual callback verb).
    public var method: String = "POST"

    /// An absolute `http` or `https` URL; other schemes fail with `.invalidURL`.
    public var url: String

    /// Headers to send. The client sets `User-Agent` unless given here; `Content-Type` is only sent when given.
    public var headers: HTTPHeaders = [:]

    /// The request body; sent with `Content-Length` for POST, PUT, PATCH and whenever non-empty.
    public var body: [UInt8] = []

    /// Longest time to establish the connection, TLS included (default 5 s).
    public var connectTimeout: Duration = .seconds(5)

    /// Longest time for the whole exchange from the moment the client starts it (default 30 s).
    public var totalTimeout: Duration = .seconds(30)

    /// Most response body bytes kept (default 64 KiB). Past it the client stops reading, closes the connection and
    /// returns what it has with ``HTTPClientResponse/isTruncated`` set; this is not an error.
    public var maximumResponseBytes: Int = 64 << 10

    /// Creates a request for `url`.
    public init(method: String = "POST", url: String) {
        self.method = method
        self.url = url
    }
}
