/// The answer to an ``HTTPClientRequest``. Any status counts as a response; only transport failures are errors.
public struct HTTPClientResponse: Sendable {
    /// The final status code (interim 1xx responses are skipped).
    public var status: Int

    /// Headers of the final response, in order.
    public var headers: HTTPHeaders

    /// The body, at most ``HTTPClientRequest/maximumResponseBytes`` bytes.
    public var body: [UInt8]

    /// Whether the body was cut at ``HTTPClientRequest/maximumResponseBytes``.
    public var isTruncated: Bool

    /// Time from the start of the exchange to its end, as measured by libcurl.
    public var duration: Duration

    /// The numeric address actually connected to, or `""` when unknown.
    public var remoteAddress: String

    /// Creates a response; for tests and fakes.
    public init(
        status: Int, headers: HTTPHeaders = [:], body: [UInt8] = [], isTruncated: Bool = false,
        duration: Duration = .zero, remoteAddress: String = ""
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.isTruncated = isTruncated
        self.duration = duration
        self.remoteAddress = remoteAddress
    }
}
