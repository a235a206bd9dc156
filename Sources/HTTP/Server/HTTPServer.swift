import CMicroHTTPD
import Glibc
import Synchronization

/// An HTTP/1.1 server on libmicrohttpd.
///
/// Each connection gets its own thread, so a slow handler stalls only its own connection; keep-alive is
/// supported. The handler runs on that connection thread and must be thread-safe. Request bodies are read whole
/// (up to ``HTTPServerConfiguration/maximumBodyBytes``) before the handler is called. Thread-safe.
public final class HTTPServer: Sendable {
    private let context: ServerContext
    private let state = Mutex(State())
    private let boundPort = Atomic<Int>(0)

    private struct State {
        var daemon: OpaquePointer?
    }

    /// Creates a stopped server answering every request with `handler` (usually a ``Router``'s `handle`).
    public init(
        configuration: HTTPServerConfiguration, handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse
    ) {
        self.context = ServerContext(configuration: configuration, handler: handler)
    }

    deinit {
        stop()
    }

    /// The port the server is bound to (useful with port 0); `0` while stopped.
    public var port: Int { boundPort.load(ordering: .acquiring) }

    /// Starts listening. Does nothing when already running.
    /// - Throws: ``HTTPError`` `.bindFailed` naming the address when it is not numeric or cannot be bound.
    public func start() throws {
        try state.withLock { state in
            guard state.daemon == nil else { return }
            let daemon = try startDaemon()

            state.daemon = daemon
            boundPort.store(Int(meridian_mhd_bound_port(daemon)), ordering: .releasing)
        }
    }

    /// Stops accepting connections, closes idle ones and waits for running handlers to return. Idempotent.
    public func stop() {
        state.withLock { state in
            guard let daemon = state.daemon else { return }
            MHD_stop_daemon(daemon)

            state.daemon = nil
            boundPort.store(0, ordering: .releasing)
        }
    }

    private func startDaemon() throws -> OpaquePointer {
        let configuration = context.configuration
        let listenAddress = "\(configuration.host):\(configuration.port)"
        guard (0...65_535).contains(configuration.port) else {
            throw HTTPError(.bindFailed, "Port \(configuration.port) is out of range for \(listenAddress).")
        }

        let daemon = try SocketAddress.withAddress(host: configuration.host, port: configuration.port) {
            address, isIPv6 in
            meridian_mhd_start(
                address, isIPv6 ? 1 : 0,
                handleAccess, Unmanaged.passUnretained(context).toOpaque(),
                handleCompletion, nil,
                UInt32(clamping: configuration.maximumConnections),
                UInt32(clamping: configuration.connectionIdleTimeout.wholeSecondsRoundedUp),
                context.connectionMemoryLimit)
        }
        guard let daemon else { throw HTTPError(.bindFailed, "Could not listen on \(listenAddress).") }
        return daemon
    }
}

extension Duration {
    /// Whole seconds, rounding any fraction up; at least 1.
    var wholeSecondsRoundedUp: Int {
        let (seconds, attoseconds) = components
        return max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0))
    }

    /// Whole milliseconds, rounding any fraction up; never negative.
    var wholeMillisecondsRoundedUp: Int {
        let (seconds, attoseconds) = components
        let fraction = attoseconds / 1_000_000_000_000_000 + (attoseconds % 1_000_000_000_000_000 > 0 ? 1 : 0)
        return max(0, Int(seconds) * 1000 + Int(fraction))
    }
}
