/// Settings of an ``HTTPServer``. Defaults suit an API node behind a gateway on one machine.
public struct HTTPServerConfiguration: Sendable {
    /// The numeric IPv4 or IPv6 address to listen on. Default loopback: exposing a node is a deliberate choice.
    public var host: String = "127.0.0.1"

    /// The TCP port; `0` picks an ephemeral port, readable from ``HTTPServer/port`` after start.
    public var port: Int = 0

    /// Largest accepted request body in bytes (default 1 MiB). A larger body is answered with a 413 problem
    /// without calling the handler; a declared `Content-Length` over the limit is refused before the body is read.
    public var maximumBodyBytes: Int = 1 << 20

    /// Largest accepted request header section in bytes (default 16 KiB). Larger headers are answered with 431
    /// (by the server, or by libmicrohttpd itself when they do not fit its per-connection buffer).
    public var maximumHeaderBytes: Int = 16 << 10

    /// Most simultaneous connections (default 1024); each has its own thread, so this also bounds threads.
    public var maximumConnections: Int = 1024

    /// A connection with no traffic for this long is closed (default 30 s; rounded up to whole seconds).
    public var connectionIdleTimeout: Duration = .seconds(30)

    /// Creates a configuration listening on `host:port`.
    public init(host: String = "127.0.0.1", port: Int = 0) {
        self.host = host
        self.port = port
    }
}
