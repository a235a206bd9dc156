import Foundation
import Synchronization
import Telemetry

#if canImport(Glibc)
    import Glibc
#endif

/// The TCP shell of the membership protocol: one listener that reads frames from any number of peers, and one
/// outgoing connection per peer address for sending.
///
/// Sends never block for long: writes are non-blocking, a frame that does not fit closes the connection (the
/// protocol tolerates loss), and an address that refused or stalled is not tried again for a second. A frame
/// that is malformed, oversized or of an unknown version closes the connection it came on and is counted.
/// Thread-safe: sending is guarded by a lock; receiving happens on the thread that calls ``receive(until:_:)``.
public final class ClusterTransport: Sendable {
    /// Longest time a connect may take. Loopback and LAN connects finish far sooner.
    static let connectTimeout: Duration = .milliseconds(200)

    /// How long an address that failed is left alone.
    static let retryBackoff: Duration = .seconds(1)

    /// Most inbound connections held at once; beyond it new ones are closed at once.
    static let maximumInbound = 512

    private struct Outbound {
        var descriptors: [ClusterAddress: Int32] = [:]
        var backoffUntil: [ClusterAddress: ContinuousClock.Instant] = [:]
    }

    /// The bound listener address (the real port when 0 was asked for).
    public let address: ClusterAddress
    private let listener: Int32
    private let outbound = Mutex(Outbound())
    private let rejected: CounterFamily
    private let messages: CounterFamily
    private let logger: Logger

    /// Binds the listener on `host:port` (0 picks a free port).
    ///
    /// - Throws: ``ClusterError`` `listenerFailed` when the address cannot be bound.
    public init(host: String, port: Int, logger: Logger, metrics: MetricsRegistry) throws {
        guard let (descriptor, bound) = Socket.listen(host: host, port: port) else {
            throw ClusterError(code: .listenerFailed, message: "cannot listen for cluster traffic on \(host):\(port)")
        }
        listener = descriptor
        address = ClusterAddress(host: host, port: bound)
        self.logger = logger
        rejected = metrics.counter(
            "meridian_cluster_frames_rejected_total", help: "Membership frames refused, by reason.", labels: ["reason"])
        messages = metrics.counter(
            "meridian_cluster_messages_total", help: "Membership messages by direction.", labels: ["direction"])
    }

    /// Sends `message` to `address`, connecting first if needed. Losing it is harmless; errors are swallowed.
    public func send(_ message: MembershipMessage, to address: ClusterAddress) {
        let frame = FrameDecoder.encode(message)
        outbound.withLock { state in
            let now = ContinuousClock.now
            if let until = state.backoffUntil[address], now < until { return }
            guard
                let descriptor = state.descriptors[address]
                    ?? Socket.connect(
                        host: address.host, port: address.port, timeout: Self.connectTimeout)
            else {
                state.backoffUntil[address] = now + Self.retryBackoff
                return
            }

            let written = frame.withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written == frame.count {
                state.descriptors[address] = descriptor
                messages.increment("sent")
            } else {
                close(descriptor)
                state.descriptors[address] = nil
                state.backoffUntil[address] = now + Self.retryBackoff
            }
        }
    }

    /// Reads frames and hands each whole message to `handle` until `isStopping()` returns true; checks it at
    /// least every 100 ms. Then closes every connection and the listener.
    public func receive(until isStopping: () -> Bool, _ handle: (MembershipMessage) -> Void) {
        var inbound: [Int32: FrameDecoder] = [:]
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)

        while !isStopping() {
            var entries = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
            entries += inbound.keys.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard poll(&entries, nfds_t(entries.count), 100) > 0 else { continue }

            if entries[0].revents != 0 { accept(into: &inbound) }
            for entry in entries.dropFirst() where entry.revents != 0 {
                read(entry.fd, buffer: &buffer, inbound: &inbound, handle)
            }
        }

        for descriptor in inbound.keys { close(descriptor) }
        close(listener)
        outbound.withLock { state in
            for descriptor in state.descriptors.values { close(descriptor) }
            state.descriptors.removeAll()
        }
    }

    private func accept(into inbound: inout [Int32: FrameDecoder]) {
        while true {
            let descriptor = Glibc.accept(listener, nil, nil)
            guard descriptor >= 0 else { return }
            Socket.setNonBlocking(descriptor)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            guard inbound.count < Self.maximumInbound else {
                close(descriptor)
                rejected.increment("too_many_connections")
                continue
            }
            inbound[descriptor] = FrameDecoder()
        }
    }

    /// Reads what is there; decodes whole frames; closes the connection on end of stream or a bad frame.
    private func read(
        _ descriptor: Int32, buffer: inout [UInt8], inbound: inout [Int32: FrameDecoder],
        _ handle: (MembershipMessage) -> Void
    ) {
        let count = buffer.withUnsafeMutableBytes { Glibc.recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count < 0 && (errno == EAGAIN || errno == EINTR) { return }
        guard count > 0, var decoder = inbound[descriptor] else {
            close(descriptor)
            inbound[descriptor] = nil
            return
        }

        decoder.append(buffer[0..<count])
        do {
            while let message = try decoder.next() {
                messages.increment("received")
                handle(message)
            }
            inbound[descriptor] = decoder
        } catch {
            rejected.increment(error.code.rawValue)
            logger.info("Membership frame rejected", ["reason": error.code.rawValue])
            close(descriptor)
            inbound[descriptor] = nil
        }
    }
}
