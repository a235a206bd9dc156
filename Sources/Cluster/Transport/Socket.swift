import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Thin helpers over BSD sockets for the cluster transport: IPv4 only, every descriptor close-on-exec.
enum Socket {
    /// A `sockaddr_in` for an IPv4 literal; `nil` when `host` is not one.
    static func address(host: String, port: Int) -> sockaddr_in? {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port)).bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { return nil }
        return address
    }

    /// Opens a TCP socket with close-on-exec set.
    static func make() -> Int32 {
        socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    }

    /// Switches `descriptor` to non-blocking mode.
    static func setNonBlocking(_ descriptor: Int32) {
        let flags = fcntl(descriptor, F_GETFL)
        _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
    }

    /// Connects to `host:port` within `timeout`; returns a non-blocking descriptor or `nil`.
    static func connect(host: String, port: Int, timeout: Duration) -> Int32? {
        guard var address = address(host: host, port: port) else { return nil }
        let descriptor = make()
        guard descriptor >= 0 else { return nil }
        setNonBlocking(descriptor)
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))

        let started = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if started == 0 { return descriptor }
        guard errno == EINPROGRESS, waitWritable(descriptor, timeout: timeout) else {
            close(descriptor)
            return nil
        }
        return descriptor
    }

    /// Waits for a pending connect to finish and reports whether it succeeded.
    private static func waitWritable(_ descriptor: Int32, timeout: Duration) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        guard poll(&entry, 1, Int32(timeout.milliseconds)) == 1 else { return false }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length)
        return error == 0
    }

    /// Binds and listens on `host:port` (0 picks a free port); returns the descriptor and the bound port.
    static func listen(host: String, port: Int) -> (descriptor: Int32, port: Int)? {
        guard var address = address(host: host, port: port) else { return nil }
        let descriptor = make()
        guard descriptor >= 0 else { return nil }
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))

        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic -> Int in
                var length = socklen_t(MemoryLayout<sockaddr_in>.size)
                guard bind(descriptor, generic, length) == 0, Glibc.listen(descriptor, 128) == 0,
                    getsockname(descriptor, generic, &length) == 0
                else { return 0 }
                return Int(UInt16(bigEndian: pointer.pointee.sin_port))
            }
        }
        guard bound > 0 else {
            close(descriptor)
            return nil
        }
        setNonBlocking(descriptor)
        return (descriptor, bound)
    }
}
