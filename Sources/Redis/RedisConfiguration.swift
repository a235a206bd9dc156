/// Settings for opening a `RedisConnection` or a `RedisPool`.
public struct RedisConfiguration: Sendable {
    /// Host name or IP address of the server. Default loopback.
    public var host: String = "127.0.0.1"

    /// TCP port of the server. Default 6379.
    public var port: Int = 6379

    /// Upper bound for establishing the TCP connection. Default 2 s: Redis is expected on the local
    /// network, so a slow connect means it is down and callers should degrade quickly.
    public var connectTimeout: Duration = .seconds(2)

    /// Upper bound for each socket read or write of a command. Default 2 s. A timeout leaves the
    /// connection unusable (a late reply would be read as the next command's answer).
    public var commandTimeout: Duration = .seconds(2)

    /// ACL user name sent with `AUTH`; nil uses the default user.
    public var username: String?

    /// Password sent with `AUTH` right after connecting; nil sends no `AUTH`.
    public var password: String?

    /// Logical database selected with `SELECT` after connecting. Default 0.
    public var database: Int = 0

    /// Creates a configuration with the defaults above.
    public init(host: String = "127.0.0.1", port: Int = 6379) {
        self.host = host
        self.port = port
    }
}
