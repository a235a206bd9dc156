/// A decoded RESP2 reply (error replies are thrown as `RedisError(.server)` instead).
public enum RedisValue: Sendable, Equatable {
    /// Nil bulk string or nil array.
    case null
    /// Simple string such as `OK` or `PONG`.
    case status(String)
    /// Integer reply.
    case integer(Int64)
    /// Bulk string, binary-safe.
    case bulk([UInt8])
    /// Array reply.
    case array([RedisValue])

    /// Bulk or status text as UTF-8; nil for other cases or bytes that are not valid UTF-8.
    public var string: String? {
        switch self {
        case .status(let text): text
        case .bulk(let bytes): String(validating: bytes, as: UTF8.self)
        default: nil
        }
    }

    /// The integer, or a bulk string holding a decimal integer; nil otherwise.
    public var integer: Int64? {
        switch self {
        case .integer(let value): value
        case .bulk(let bytes): String(validating: bytes, as: UTF8.self).flatMap { Int64($0) }
        default: nil
        }
    }

    /// The elements of an array reply; nil otherwise.
    public var array: [RedisValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }
}
