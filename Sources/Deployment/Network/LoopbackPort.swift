import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Finds TCP ports that are free on a loopback address.
public enum LoopbackPort {
    /// Asks the kernel for a free TCP port on `host` (an IPv4 literal, default `127.0.0.1`).
    ///
    /// The port is free when this returns; another program may still take it before the caller binds it,
    /// so callers bind soon after. Throws `invalidArgument` for a host that is not an IPv4 literal and
    /// `fileSystem` when no socket can be opened.
    public static func findFree(host: String = "127.0.0.1") throws(DeploymentError) -> Int {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw DeploymentError(.invalidArgument, "\(host) is not an IPv4 address")
        }

        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw DeploymentError(.fileSystem, "Could not open a socket") }
        defer { close(socketDescriptor) }

        let port = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic -> Int in
                let length = socklen_t(MemoryLayout<sockaddr_in>.size)
                guard bind(socketDescriptor, generic, length) == 0 else { return 0 }

                var boundLength = length
                guard getsockname(socketDescriptor, generic, &boundLength) == 0 else { return 0 }
                return Int(UInt16(bigEndian: pointer.pointee.sin_port))
            }
        }
        guard port > 0 else { throw DeploymentError(.fileSystem, "Could not bind a free port on \(host)") }
        return port
    }
}
