/// An RFC 9457 problem details document, served as `application/problem+json`.
///
/// Throw it from a ``HTTPHandler`` to answer with it. `type` is derived from `code`; `title` is a short phrase
/// fixed per code. `retryAfterSeconds` is not encoded: ``HTTPResponse/problem(_:)`` turns it into a
/// `Retry-After` header.
public struct Problem: Error, Sendable, Codable, Equatable {
    /// A URI naming the problem kind: `https://meridian.dev/problems/<code>`.
    public var type: String

    /// A short summary fixed per code ("Validation failed").
    public var title: String

    /// The HTTP status code.
    public var status: Int

    /// A human sentence naming what is wrong with this request; never holds secrets or internal error text.
    public var detail: String?

    /// The stable machine code, for example `validation_failed`, `not_found`, `internal`.
    public var code: String

    /// The offending field for validation errors, as a dotted path (`target.url`).
    public var field: String?

    /// For a field that is a small language of its own (a schedule): the part inside it that is wrong (`hour`), the
    /// zero-based character position, and that part's own stable error code (`outOfRange`). Absent otherwise.
    public var subfield: String?
    public var position: Int?
    public var reason: String?

    /// Seconds the client should wait before retrying; sent as `Retry-After`, not in the body.
    public var retryAfterSeconds: Int?

    /// The base of every `type` URI.
    public static let typeBase = "https://meridian.dev/problems/"

    /// Creates a problem; `type` is derived from `code`.
    public init(status: Int, code: String, title: String, detail: String? = nil, field: String? = nil) {
        self.type = Self.typeBase + code
        self.title = title
        self.status = status
        self.detail = detail
        self.code = code
        self.field = field
        self.retryAfterSeconds = nil
    }

    private enum CodingKeys: String, CodingKey {
        case type, title, status, detail, code, field, subfield, position, reason
    }
}

extension Problem {
    /// The fixed title of a known code, or a generic one derived from the status.
    public static func title(forCode code: String, status: Int) -> String {
        switch code {
        case "validation_failed": "Validation failed"
        case "malformed_json": "Malformed JSON"
        case "not_found": "Not found"
        case "unauthorized": "Unauthorized"
        case "forbidden": "Forbidden"
        case "method_not_allowed": "Method not allowed"
        case "payload_too_large": "Payload too large"
        case "header_fields_too_large": "Request header fields too large"
        case "unavailable": "Service unavailable"
        case "internal": "Internal error"
        default: status >= 500 ? "Server error" : "Bad request"
        }
    }

    /// 400 with the given code (default `validation_failed`), a detail sentence and an optional field path.
    public static func badRequest(code: String = "validation_failed", detail: String, field: String? = nil) -> Problem {
        Problem(status: 400, code: code, title: title(forCode: code, status: 400), detail: detail, field: field)
    }

    /// 400 `malformed_json` for a body that does not parse.
    public static func malformedJSON(detail: String = "The request body is not valid JSON.") -> Problem {
        badRequest(code: "malformed_json", detail: detail)
    }

    /// 404 `not_found`.
    public static func notFound(detail: String? = nil) -> Problem {
        Problem(status: 404, code: "not_found", title: "Not found", detail: detail)
    }

    /// 401 `unauthorized`.
    public static func unauthorized(detail: String? = nil) -> Problem {
        Problem(status: 401, code: "unauthorized", title: "Unauthorized", detail: detail)
    }

    /// 405 `method_not_allowed`; the response should also carry an `Allow` header.
    public static func methodNotAllowed(detail: String? = nil) -> Problem {
        Problem(status: 405, code: "method_not_allowed", title: "Method not allowed", detail: detail)
    }

    /// 413 `payload_too_large`.
    public static func payloadTooLarge(detail: String? = nil) -> Problem {
        Problem(status: 413, code: "payload_too_large", title: "Payload too large", detail: detail)
    }

    /// 413 `payload_too_large` naming the limit in bytes.
    public static func payloadTooLarge(maximumBytes: Int) -> Problem {
        payloadTooLarge(detail: "The request body is larger than the limit of \(maximumBytes) bytes.")
    }

    /// 431 `header_fields_too_large` naming the limit in bytes.
    public static func headerFieldsTooLarge(maximumBytes: Int) -> Problem {
        Problem(
            status: 431, code: "header_fields_too_large", title: "Request header fields too large",
            detail: "The request headers are larger than the limit of \(maximumBytes) bytes.")
    }

    /// 500 `internal` with a fixed detail that reveals nothing about the cause.
    public static func internalError() -> Problem {
        Problem(
            status: 500, code: "internal", title: "Internal error",
            detail: "The server could not complete the request.")
    }

    /// 503 `unavailable`, with a `Retry-After` when `retryAfterSeconds` is set.
    public static func unavailable(detail: String? = nil, retryAfterSeconds: Int? = nil) -> Problem {
        var problem = Problem(status: 503, code: "unavailable", title: "Service unavailable", detail: detail)
        problem.retryAfterSeconds = retryAfterSeconds
        return problem
    }
}
