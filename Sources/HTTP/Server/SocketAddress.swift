import Glibc

/// Builds a `sockaddr` for a numeric host and port, for binding.
enum SocketAddress {
    /// Calls `body` with a socket address for `host:port` and whether it is IPv6.
    /// - Throws: ``HTTPError`` `.bindFailed` when `host` is not a numeric IPv4 or IPv6 address.
    static func withAddress<Result>(
        host: String, port: Int, _ body: (UnsafePointer<sockaddr>, Bool) throws -> Result
    ) throws -> Result {
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = UInt16(port).bigEndian
            return try withUnsafePointer(to: &v4) {
                try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { try body($0, false) }
            }
        }

        var v6 = sockaddr_in6()
        if inet_pton(AF_INET6, host, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = UInt16(port).bigEndian
            return try withUnsafePointer(to: &v6) {
                try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { try body($0, true) }
            }
        }
        throw HTTPError(.bindFailed, "Host \(host) is not a numeric IPv4 or IPv6 address.")
    }
}
