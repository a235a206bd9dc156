import Pooling

/// A thread-safe pool of `PostgresConnection`s, opened lazily up to `maximumConnections`.
///
/// Each connection is lent to one thread at a time. Before lending an idle connection the pool
/// checks, without blocking, that the server has not closed it; after use it rolls back any
/// transaction the body left open and drops `LISTEN` subscriptions. A connection that became
/// unusable, or whose body threw an error with `isConnectionLost`, is closed and never lent again.
/// Bodies must not leave other session state behind (`SET`, session advisory locks, temp tables).
public final class PostgresPool: Sendable {
    private let pool: ConnectionPool<PostgresConnection>

    /// Creates an empty pool; no connection is opened until first use.
    /// - Parameters:
    ///   - maximumConnections: upper bound of open connections (default 8); must be positive.
    ///   - acquireTimeout: how long `withConnection` waits for a free connection before throwing
    ///     `.poolTimeout` (default 5 s). Opening a connection is bounded by `connectTimeout` instead.
    public init(
        configuration: PostgresConfiguration,
        maximumConnections: Int = 8,
        acquireTimeout: Duration = .seconds(5)
    ) {
        let hooks = ConnectionPool<PostgresConnection>.Hooks(
            open: { try PostgresConnection(configuration: configuration) },
            isAlive: { connection in connection.isAlive() },
            isReusable: { connection, error in
                if let error = error as? PostgresError, error.isConnectionLost { return false }
                return connection.prepareForReuse()
            },
            close: { connection in connection.close() },
            timeoutError: {
                PostgresError(code: .poolTimeout, message: "no database connection became free in \(acquireTimeout)")
            },
            closedError: { PostgresError(code: .closed, message: "database pool is closed") }
        )
        pool = ConnectionPool(maximumConnections: maximumConnections, acquireTimeout: acquireTimeout, hooks: hooks)
    }

    /// Lends a connection to `body` on the calling thread and returns what `body` returns. Throws what
    /// `body` throws, `.poolTimeout` when none frees up in time, `.connectionFailed` when a new
    /// connection cannot be opened, `.closed` after `close()`. The connection must not escape `body`.
    @discardableResult
    public func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try pool.withConnection(body)
    }

    /// Runs `body` in a transaction on a pooled connection (see `PostgresConnection.transaction`).
    @discardableResult
    public func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try withConnection { connection in try connection.transaction(body) }
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
