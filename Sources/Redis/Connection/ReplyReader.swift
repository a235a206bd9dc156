import CHiredis
import Foundation

/// Converts hiredis replies and context errors into `RedisValue` and `RedisError`.
enum ReplyReader {
    /// The value of `reply`; an error reply (also nested in an array) becomes `.server`.
    static func value(_ reply: UnsafeMutablePointer<redisReply>) -> Result<RedisValue, RedisError> {
        let reply = reply.pointee
        switch reply.type {
        case REDIS_REPLY_STRING:
            return .success(.bulk(bytes(reply)))
        case REDIS_REPLY_STATUS:
            return .success(.status(String(decoding: bytes(reply), as: UTF8.self)))
        case REDIS_REPLY_INTEGER:
            return .success(.integer(reply.integer))
        case REDIS_REPLY_NIL:
            return .success(.null)
        case REDIS_REPLY_ERROR:
            return .failure(RedisError(code: .server, message: String(decoding: bytes(reply), as: UTF8.self)))
        case REDIS_REPLY_ARRAY:
            return elements(reply)
        default:
            return .failure(RedisError(code: .protocolError, message: "unknown reply type \(reply.type)"))
        }
    }

    /// The error described by a context whose call failed; `errorNumber` is `errno` right after it.
    static func contextError(_ context: UnsafeMutablePointer<redisContext>, errorNumber: Int32) -> RedisError {
        let detail = withUnsafeBytes(of: context.pointee.errstr) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }

        switch context.pointee.err {
        case REDIS_ERR_IO where errorNumber == EAGAIN || errorNumber == EWOULDBLOCK || errorNumber == ETIMEDOUT:
            return RedisError(code: .timeout, message: "no reply within the command timeout")
        case REDIS_ERR_EOF:
            return RedisError(code: .connectionFailed, message: "server closed the connection")
        case REDIS_ERR_PROTOCOL:
            return RedisError(code: .protocolError, message: detail)
        default:
            return RedisError(code: .connectionFailed, message: detail.isEmpty ? "connection failed" : detail)
        }
    }

    private static func bytes(_ reply: redisReply) -> [UInt8] {
        guard let pointer = reply.str, reply.len > 0 else { return [] }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: reply.len) {
            Array(UnsafeBufferPointer(start: $0, count: reply.len))
        }
    }

    private static func elements(_ reply: redisReply) -> Result<RedisValue, RedisError> {
        guard let element = reply.element else { return .success(.array([])) }
        var values: [RedisValue] = []
        values.reserveCapacity(reply.elements)

        for index in 0..<reply.elements {
            guard let child = element[index] else {
                return .failure(RedisError(code: .protocolError, message: "missing array element"))
            }
            switch value(child) {
            case .success(let value): values.append(value)
            case .failure(let error): return .failure(error)
            }
        }
        return .success(.array(values))
    }
}
