/// Settings for opening a `PostgresConnection` or a `PostgresPool`.
///
/// Values given inside `connectionString` win over the fields below (for example a
/// `connect_timeout` or `application_name` written in the URI), so an operator can tune one
/// deployment without a code change.
public struct PostgresConfiguration: Sendable {
    /// A libpq keyword/value conninfo (`host=... dbname=...`) or a `postgres://` URI.
    public var connectionString: String

    /// Upper bound for opening the connection, per host. libpq counts whole seconds (minimum 2),
    /// so the value is rounded up. Default 5 s: long enough for a loaded server, short enough to
    /// fail over to the next host quickly.
    public var connectTimeout: Duration = .seconds(5)

    /// Server-side `statement_timeout` set for the session right after connecting; `nil` leaves
    /// the server default. Default 30 s so a runaway query cannot hold a pooled connection forever.
    public var statementTimeout: Duration? = .seconds(30)

    /// `application_name` reported to the server (visible in `pg_stat_activity`).
    public var applicationName: String = "meridian"

    /// Idle time before the kernel sends the first TCP keepalive probe. Together with the two
    /// settings below, a silently dead peer is detected after about 10 + 5 × 3 = 25 s by default.
    public var keepaliveIdle: Duration = .seconds(10)

    /// Time between unanswered TCP keepalive probes. Default 5 s.
    public var keepaliveInterval: Duration = .seconds(5)

    /// Unanswered TCP keepalive probes before the connection is considered dead. Default 3.
    public var keepaliveCount: Int = 3

    /// Creates a configuration with the defaults above.
    /// Whether each connection prepares a statement the first time it runs it and reuses the plan after
    /// (at most ``preparedStatementLimit`` per connection). Default true; turn it off behind a
    /// transaction-pooling proxy, where a prepared statement does not follow the client.
    public var usesPreparedStatements = true

    /// Most statements one connection keeps prepared; statements beyond it run unprepared. Default 256.
    public var preparedStatementLimit = 256

    public init(connectionString: String) {
        self.connectionString = connectionString
    }
}
