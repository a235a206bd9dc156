/// Settings of an ``HTTPClient``.
public struct HTTPClientConfiguration: Sendable {
    /// Most requests in flight at once (default 256); later ones wait in order inside the client.
    public var maximumConcurrentRequests: Int = 256

    /// Most open connections to one host and port (default 16), so one slow target cannot take every socket.
    public var maximumConnectionsPerHost: Int = 16

    /// Whether loopback, private, shared, link-local, metadata, multicast and reserved addresses may be connected
    /// to (default `false`: callback URLs come from tenants). The check applies to the address actually connected
    /// to, after resolution; a refused address fails the request with `.addressRefused`.
    public var allowPrivateAddresses: Bool = false

    /// The `User-Agent` sent unless a request sets its own (default `Meridian/1`).
    public var userAgent: String = "Meridian/1"

    /// Creates the default configuration.
    public init() {}
}
