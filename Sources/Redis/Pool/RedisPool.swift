import Pooling

/// A thread-safe pool of `RedisConnection`s, opened lazily up to `maximumConnections`.
///
/// Each connection is lent to one thread at a time. Before lending an idle connection the pool
/// checks, without blocking, that the server has not closed it; a connection that saw an I/O error
/// or timeout, or was closed by the body, is discarded and never lent again. Bodies must not leave
/// the connection in a mode (`SUBSCRIBE`, an open `MULTI`, `WATCH`, a `SELECT`ed database).
public final class RedisPool: Sendable {
    private let pool: ConnectionPool<RedisConnection>

    /// Creates an empty pool; no connection is opened until first use.
    /// - Parameters:
    ///   - maximumConnections: upper bound of open connections (default 8); must be positive.
    ///   - acquireTimeout: how long `withConnection` waits for a free connection before throwing
    ///     `.poolTimeout` (default 2 s). Opening a connection is bounded by `connectTimeout` instead.
    public init(configuration: RedisConfiguration, maximumConnections: Int = 8, acquireTimeout: Duration = .seconds(2))
    {
        let hooks = ConnectionPool<RedisConnection>.Hooks(
            open: { try RedisConnection(configuration: configuration) },
            isAlive: { connection in connection.isAlive() },
            isReusable: { connection, _ in connection.isUsable },
            close: { connection in connection.close() },
            timeoutError: {
                RedisError(code: .poolTimeout, message: "no Redis connection became free in \(acquireTimeout)")
            },
            closedError: { RedisError(code: .closed, message: "Redis pool is closed") }
        )
        pool = ConnectionPool(maximumConnections: maximumConnections, acquireTimeout: acquireTimeout, hooks: hooks)
    }

    /// Lends a connection to `body` on the calling thread and returns what `body` returns. Throws what
    /// `body` throws, `.poolTimeout` when none frees up in time, `.connectionFailed` when a new
    /// connection cannot be opened, `.closed` after `close()`. The connection must not escape `body`.
    @discardableResult
    public func withConnection<T>(_ body: (RedisConnection) throws -> T) throws -> T {
        try pool.withConnection(body)
    }

    /// Closes idle connections now and busy ones when they are returned; later calls throw `.closed`.
    public func close() {
        pool.close()
    }

    /// Connections open (idle or lent), idle, and threads waiting for one, at this instant.
    public var statistics: (open: Int, idle: Int, waiting: Int) {
        pool.statistics
    }
}
