import Foundation

/// A complete HTTP response produced by a handler. The server adds `Content-Length` and `Date` itself.
public struct HTTPResponse: Sendable {
    /// The status code.
    public var status: Int

    /// Response headers, sent in order.
    public var headers: HTTPHeaders

    /// The response body.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int = 200, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// `value` encoded with `encoder` as `application/json`. An encoding failure yields a 500 `internal` problem.
    public static func json<T: Encodable>(
        _ value: T, status: Int = 200, encoder: JSONEncoder = .meridian
    ) -> HTTPResponse {
        guard let data = try? encoder.encode(value) else { return .problem(.internalError()) }
        return HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Array(data))
    }

    /// `text` as UTF-8 with the given content type.
    public static func text(
        _ text: String, status: Int = 200, contentType: String = "text/plain; charset=utf-8"
    ) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": contentType], body: Array(text.utf8))
    }

    /// `problem` as `application/problem+json` with its status, and `Retry-After` when it sets one.
    public static func problem(_ problem: Problem) -> HTTPResponse {
        let body = (try? JSONEncoder.meridian.encode(problem)).map(Array.init) ?? Array(#"{"code":"internal"}"#.utf8)
        var response = HTTPResponse(
            status: problem.status, headers: ["Content-Type": "application/problem+json"], body: body)

        if let seconds = problem.retryAfterSeconds {
            response.headers["Retry-After"] = String(max(0, seconds))
        }
        return response
    }

    /// 204 with no body.
    public static func noContent() -> HTTPResponse {
        HTTPResponse(status: 204)
    }
}
