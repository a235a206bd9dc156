import Foundation
import Synchronization
import Telemetry

/// Runs the membership state machine over TCP: a timer thread ticks it every heartbeat interval, a receiver thread
/// feeds it the frames that arrive, and both carry out the messages it asks to send.
///
/// Thread-safe: the machine is guarded by a lock; the change handler is called outside of it, on whichever thread
/// saw the change, with the full member table.
public final class MembershipService: Sendable {
    /// Identity, address and timings of this node.
    public struct Configuration: Sendable {
        /// Stable node id.
        public var nodeID: String
        /// The node's region.
        public var region: String
        /// Address to listen on (loopback in the local deployment).
        public var host: String
        /// Port to listen on; 0 picks a free one.
        public var port: Int
        /// Listeners of other nodes to announce this one to; this node's own address is ignored.
        public var seeds: [ClusterAddress] = []
        /// Failure-detector timings.
        public var timings = MembershipConfiguration()
        /// First incarnation. Default: milliseconds since 1970, so a restarted node outbids its previous life.
        public var incarnation = UInt64(Date().timeIntervalSince1970 * 1_000)

        /// Creates a configuration with default timings.
        public init(nodeID: String, region: String, host: String, port: Int, seeds: [ClusterAddress] = []) {
            self.nodeID = nodeID
            self.region = region
            self.host = host
            self.port = port
            self.seeds = seeds
        }
    }

    /// Called with the member table after any member changed state.
    public typealias ChangeHandler = @Sendable ([Member]) -> Void

    private let transport: ClusterTransport
    private let machine: Mutex<Membership>
    private let handler: Mutex<ChangeHandler?> = Mutex(nil)
    private let logger: Logger
    private let membersGauge: GaugeFamily
    private let starvedGauge: GaugeFamily

    /// Binds the cluster listener at once, so ``address`` is known before ``run(wakeup:)``.
    ///
    /// - Throws: ``ClusterError`` `listenerFailed` or `invalidConfiguration`.
    public init(configuration: Configuration, logger: Logger, metrics: MetricsRegistry) throws {
        if let field = configuration.timings.invalidField() {
            throw ClusterError(code: .invalidConfiguration, message: "membership timing \(field) is out of range")
        }
        self.logger = logger.with(["node.id": configuration.nodeID])
        transport = try ClusterTransport(
            host: configuration.host, port: configuration.port, logger: self.logger, metrics: metrics)
        let local = Member(
            id: configuration.nodeID, region: configuration.region, address: transport.address,
            incarnation: configuration.incarnation, state: .alive)
        machine = Mutex(Membership(local: local, seeds: configuration.seeds, configuration: configuration.timings))
        membersGauge = metrics.gauge("meridian_cluster_members", help: "Members by state.", labels: ["state"])
        starvedGauge = metrics.gauge("meridian_cluster_starvation_penalty", help: "Timeout widening of this node.")
    }

    /// The listener's address, as announced to peers.
    public var address: ClusterAddress { transport.address }

    /// Every member known, this node included.
    public func members() -> [Member] {
        machine.withLock { $0.members }
    }

    /// Registers the handler called after each change (replaces any earlier one).
    public func onChange(_ handler: @escaping ChangeHandler) {
        self.handler.withLock { $0 = handler }
    }

    /// Ticks and receives until `wakeup` stops; returns once the receiver thread ended and sockets are closed.
    public func run(wakeup: Wakeup) {
        let finished = DispatchSemaphore(value: 0)
        let receiver = Thread { [self] in
            transport.receive(until: { wakeup.isStopping }) { message in
                let actions = machine.withLock { $0.receive(message, now: .now) }
                perform(actions)
            }
            finished.signal()
        }
        receiver.name = "meridian.membership.receive"
        receiver.start()

        let interval = machine.withLock { $0.configuration.heartbeatInterval }
        while !wakeup.isStopping {
            let actions = machine.withLock { $0.tick(now: .now) }
            perform(actions)
            wakeup.wait(timeout: interval)
        }
        finished.wait()
    }

    /// Announces a graceful leave to every live peer, synchronously. Call before stopping ``run(wakeup:)``.
    public func leave() {
        let actions = machine.withLock { $0.leave() }
        perform(actions)
        logger.debug("Leave announced")
    }

    private func perform(_ actions: [Membership.Action]) {
        var changed = false
        for action in actions {
            switch action {
            case .send(let message, let address): transport.send(message, to: address)
            case .membershipChanged: changed = true
            }
        }
        guard changed else { return }

        let (members, penalty) = machine.withLock { ($0.members, $0.penalty) }
        publish(members, penalty: penalty)
        handler.withLock { $0 }?(members)
    }

    private func publish(_ members: [Member], penalty: Int) {
        var counts: [[String]: Double] = [:]
        for state in Member.State.allCases { counts[[state.rawValue]] = 0 }
        for member in members { counts[[member.state.rawValue], default: 0] += 1 }
        membersGauge.replaceAll(counts)
        starvedGauge.set(Double(penalty))
        logger.debug(
            "Membership changed",
            ["members": members.map { "\($0.id)=\($0.state.rawValue)" }.joined(separator: ",")])
    }
}
