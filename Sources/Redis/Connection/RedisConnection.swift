import CHiredis
import Foundation
import Synchronization

/// One blocking hiredis connection.
///
/// Every call blocks the calling thread until the reply arrives or `commandTimeout` passes. Calls are
/// serialized by an internal lock, so sharing the object cannot corrupt hiredis state; still, use a
/// connection from one thread at a time (a `RedisPool` guarantees that). Any timeout or I/O error
/// leaves the connection unusable: close it and open another.
public final class RedisConnection: Sendable {
    private struct State {
        var context: UnsafeMutablePointer<redisContext>?
    }

    private let state: Mutex<State>

    /// Connects, then sends `AUTH` and `SELECT` when configured. Throws `.connectionFailed`, or
    /// `.server` when `AUTH`/`SELECT` is refused.
    public init(configuration: RedisConfiguration) throws {
        guard
            let context = redisConnectWithTimeout(
                configuration.host, Int32(clamping: configuration.port), configuration.connectTimeout.timeval)
        else {
            throw RedisError(code: .connectionFailed, message: "cannot allocate a connection")
        }
        guard context.pointee.err == 0 else {
            let error = ReplyReader.contextError(context, errorNumber: errno)
            redisFree(context)
            throw RedisError(code: .connectionFailed, message: error.message)
        }

        redisSetTimeout(context, configuration.commandTimeout.timeval)
        redisEnableKeepAlive(context)
        state = Mutex(State(context: context))

        do {
            try prepareSession(configuration)
        } catch {
            close()
            throw error
        }
    }

    deinit {
        close()
    }

    /// Sends one command (`["SET", key, value]`) and returns the reply. Throws `.server` for an error
    /// reply (the connection stays usable), `.timeout`/`.connectionFailed` for I/O failures (it does
    /// not), `.closed` after `close()`.
    @discardableResult
    public func command(_ arguments: [String]) throws -> RedisValue {
        try command(bytes: arguments.map { Array($0.utf8) })
    }

    /// Binary-safe form of `command(_:)`: every argument is sent byte for byte.
    @discardableResult
    public func command(bytes arguments: [[UInt8]]) throws -> RedisValue {
        let argv = try CommandArguments(arguments)
        return try withContext { context in
            let reply = argv.withArgv { count, pointers, lengths in redisCommandArgv(context, count, pointers, lengths)
            }
            guard let reply else { throw ReplyReader.contextError(context, errorNumber: errno) }

            let typed = reply.assumingMemoryBound(to: redisReply.self)
            defer { freeReplyObject(reply) }
            return try ReplyReader.value(typed).get()
        }
    }

    /// Sends all `commands` in one write, then reads one reply per command, in order. If any reply is
    /// an error, all replies are still read (keeping the connection usable) and the first error is
    /// thrown as `.server`. I/O failures throw as in `command(_:)`.
    public func pipeline(_ commands: [[String]]) throws -> [RedisValue] {
        let prepared = try commands.map { try CommandArguments($0.map { Array($0.utf8) }) }
        return try withContext { context in
            for argv in prepared {
                let status = argv.withArgv { count, pointers, lengths in
                    redisAppendCommandArgv(context, count, pointers, lengths)
                }
                guard status == REDIS_OK else { throw ReplyReader.contextError(context, errorNumber: errno) }
            }

            let replies = try prepared.map { _ in try Self.readReply(context) }
            if let error = replies.lazy.compactMap({ $0.failure }).first { throw error }
            return replies.compactMap { try? $0.get() }
        }
    }

    /// True while the connection is open and has seen no I/O, timeout or protocol error.
    public var isUsable: Bool {
        state.withLock { state in state.context.map { $0.pointee.err == 0 } ?? false }
    }

    /// Closes the connection. Idempotent; later calls throw `.closed`.
    public func close() {
        let context = state.withLock { state in
            defer { state.context = nil }
            return state.context
        }
        if let context { redisFree(context) }
    }

    /// Checks without blocking that the idle connection has no unexpected input (end-of-file after
    /// the server closed it, or a stray reply). Returns false when it should not be reused.
    func isAlive() -> Bool {
        let alive = try? withContext { context in
            guard context.pointee.err == 0 else { return false }
            var descriptor = pollfd(fd: context.pointee.fd, events: Int16(POLLIN), revents: 0)
            return poll(&descriptor, 1, 0) == 0
        }
        return alive == true
    }

    private func withContext<T: Sendable>(_ body: (UnsafeMutablePointer<redisContext>) throws -> T) throws -> T {
        try state.withLock { state in
            guard let context = state.context else { throw RedisError(code: .closed, message: "connection is closed") }
            guard context.pointee.err == 0 else {
                throw RedisError(code: .connectionFailed, message: "connection is broken by an earlier error")
            }
            return try body(context)
        }
    }

    private static func readReply(_ context: UnsafeMutablePointer<redisContext>) throws -> Result<
        RedisValue, RedisError
    > {
        var reply: UnsafeMutableRawPointer?
        guard redisGetReply(context, &reply) == REDIS_OK, let reply else {
            throw ReplyReader.contextError(context, errorNumber: errno)
        }
        defer { freeReplyObject(reply) }
        return ReplyReader.value(reply.assumingMemoryBound(to: redisReply.self))
    }

    private func prepareSession(_ configuration: RedisConfiguration) throws {
        if let password = configuration.password {
            try command(["AUTH"] + [configuration.username].compactMap { $0 } + [password])
        }
        if configuration.database != 0 {
            try command(["SELECT", String(configuration.database)])
        }
    }
}

extension Result {
    /// The error of a failure, nil for a success.
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
