import Cluster
import Foundation
import Postgres
import Synchronization
import Telemetry

/// Turns due jobs of the shards this node leads into fires: records them in the ledger under the shard's
/// epoch, advances each job's next instant, and hands the fires to the region's delivery queue.
///
/// One pass runs in one transaction that first locks the node's lease rows (`for share`) and compares their
/// epochs with the ones the node won. A moved epoch means another node leads the shard now: the node drops every
/// shard and writes nothing. The loop wakes on a job write (LISTEN), or after ``Configuration/pollInterval``.
public final class Dispatcher: Sendable {
    /// Tunables of the dispatch loop.
    public struct Configuration: Sendable {
        /// Region whose shards this dispatcher records fires for.
        public var region: String
        /// This node; must match the holder recorded in `shard_leases`.
        public var nodeID: String
        /// Longest sleep between passes. Default 1 s; below the planner's lookahead so fires queue ahead.
        public var pollInterval: Duration = .seconds(1)
        /// Most jobs locked in one pass. Default 500.
        public var batchSize: Int = 500
        /// How often ledger fires missing from Redis are queued again. Default 5 s.
        public var reconcileInterval: Duration = .seconds(5)
        /// Decides the fires of one due job; its lookahead is how far ahead fires are queued.
        public var planner = DispatchPlanner()

        public init(region: String, nodeID: String) {
            self.region = region
            self.nodeID = nodeID
        }
    }

    private let configuration: Configuration
    private let pool: PostgresPool
    private let listenConfiguration: PostgresConfiguration
    private let leases: ShardLeaseManager
    private let queue: DeliveryQueue
    private let logger: Logger
    private let passOutage: OutageLog
    private let reconcileOutage: OutageLog
    /// Shards and epochs led at the previous pass, to notice shards just won.
    private let lastOwned: Mutex<[Int: Int64]> = Mutex([:])
    private let onEnqueued: @Sendable () -> Void
    private let firesRecorded: CounterFamily
    private let passDuration: HistogramFamily

    /// - Parameters:
    ///   - pool: connections to the primary for the dispatch transactions.
    ///   - listenConfiguration: the primary, for a LISTEN connection on job writes.
    ///   - onEnqueued: called after fires were queued, so local workers re-check the queue at once.
    public init(
        configuration: Configuration, pool: PostgresPool, listenConfiguration: PostgresConfiguration,
        leases: ShardLeaseManager, queue: DeliveryQueue, logger: Logger, metrics: MetricsRegistry,
        onEnqueued: @escaping @Sendable () -> Void
    ) {
        self.configuration = configuration
        self.pool = pool
        self.listenConfiguration = listenConfiguration
        self.leases = leases
        self.queue = queue
        self.logger = logger.with(["region": configuration.region])
        self.onEnqueued = onEnqueued
        passOutage = OutageLog(logger: self.logger)
        reconcileOutage = OutageLog(logger: self.logger)
        firesRecorded = metrics.counter(
            "meridian_fires_recorded_total", help: "Fires written to the ledger by state.", labels: ["state"])
        passDuration = metrics.histogram("meridian_dispatch_pass_seconds", help: "Duration of one dispatch pass.")
    }

    /// Runs passes on the calling thread until `wakeup` is stopped.
    public func run(wakeup: Wakeup) {
        var listener: PostgresConnection?
        var lastReconcile = Date.distantPast

        while !wakeup.isStopping {
            let started = Date()
            adoptGainedShards()
            runPass()
            if started.timeIntervalSince(lastReconcile) >= configuration.reconcileInterval.seconds {
                reconcile()
                lastReconcile = started
            }
            passDuration.observe(Date().timeIntervalSince(started))
            listener = waitForWork(listener, wakeup: wakeup)
        }
        listener?.close()
    }

    /// Sleeps until a job write is notified or the poll interval passes; falls back to a plain wait while the
    /// LISTEN connection is down.
    /// Waits in slices of at most 100 ms, so a stop is noticed within that long.
    private func waitForWork(_ listener: PostgresConnection?, wakeup: Wakeup) -> PostgresConnection? {
        do {
            let connection = try listener ?? makeListener()
            let deadline = ContinuousClock.now + configuration.pollInterval
            while !wakeup.isStopping && ContinuousClock.now < deadline {
                let slice = min(.milliseconds(100), deadline - ContinuousClock.now)
                if !(try connection.waitForNotifications(timeout: slice)).isEmpty { break }
            }
            return connection
        } catch {
            listener?.close()
            wakeup.wait(timeout: configuration.pollInterval)
            return nil
        }
    }

    private func makeListener() throws -> PostgresConnection {
        var postgres = listenConfiguration
        postgres.applicationName = "meridian-dispatch-listen"
        let connection = try PostgresConnection(configuration: postgres)
        try connection.listen(JobStore.notificationChannel)
        return connection
    }

    /// One pass: fence, record, advance, then queue what was recorded.
    func runPass() {
        let owned = leases.ownedShards()
        guard !owned.isEmpty else { return }

        do {
            let queued = try pool.transaction { connection in
                try DispatchPass(
                    configuration: configuration, owned: owned, connection: connection, logger: logger
                ).run()
            }
            for (state, count) in queued.counts { firesRecorded.increment(state.rawValue, by: Double(count)) }
            try queue.enqueue(queued.fires)
            try queue.recoverExpiredLeases(nowMs: Date().millisecondsSince1970)
            try requeueClaimsOfDeadNodes(shards: Array(owned.keys))
            if !queued.fires.isEmpty { onEnqueued() }
            passOutage.succeeded("Dispatch passes recovered")
        } catch let error as DispatchPass.Fenced {
            leases.dropAll(reason: error.reason)
        } catch {
            // Fires already committed stay `queued` in the ledger; the reconciler queues them once Redis is back.
            passOutage.failed("Dispatch passes failing", ["error": String(describing: error)])
        }
    }

    /// Attempts claimed by nodes that died without a leave will never finish: make them claimable and queue them
    /// again at once, rather than after their ledger lease. A node that left gracefully finishes its own.
    private func requeueClaimsOfDeadNodes(shards: [Int]) throws {
        let dead = leases.failedNodes()
        guard !dead.isEmpty else { return }
        let fires = try pool.withConnection { connection in
            try DeliveryLedger.releaseClaims(
                of: dead.sorted(), region: configuration.region, shards: shards, on: connection)
        }
        guard !fires.isEmpty else { return }

        let nowMs = Date().millisecondsSince1970
        for fire in fires { try queue.reschedule(fire, dueAtMs: nowMs) }
        onEnqueued()
        logger.info("Claims of dead nodes requeued", ["fire.count": String(fires.count)])
    }

    /// Queues again ledger fires that should be in Redis but are not (a flushed or restarted Redis). Expired Redis
    /// claims return to the queue on every pass.
    func reconcile() {
        let owned = leases.ownedShards()
        guard !owned.isEmpty else { return }
        do {
            try requeueMissing(shards: Array(owned.keys), minimumAgeMs: 5_000)
            reconcileOutage.succeeded("Reconcile recovered")
        } catch {
            reconcileOutage.failed("Reconcile failing", ["error": String(describing: error)])
        }
    }

    /// Queues the open fires of shards this node has just won (new, or won again under a new epoch) that this
    /// region's queue lacks: after a whole region failed, its fires already queued sit in its own Redis, out of
    /// reach of the nodes that serve it now.
    func adoptGainedShards() {
        let owned = leases.ownedShards()
        let gained = lastOwned.withLock { last in owned.filter { last[$0.key] != $0.value }.map(\.key) }
        guard !gained.isEmpty else {
            lastOwned.withLock { $0 = owned }
            return
        }
        do {
            try requeueMissing(shards: gained, minimumAgeMs: nil)
            lastOwned.withLock { $0 = owned }
        } catch {
            reconcileOutage.failed("Reconcile failing", ["error": String(describing: error)])
        }
    }

    private func requeueMissing(shards: [Int], minimumAgeMs: Int64?) throws {
        let candidates = try pool.withConnection { connection in
            try DispatchPass.openFires(
                region: configuration.region, shards: shards, minimumAgeMs: minimumAgeMs, connection: connection)
        }
        let present = try queue.present(candidates.map(\.fireID))
        let missing = candidates.filter { !present.contains($0.fireID) }
        guard !missing.isEmpty else { return }

        try queue.enqueue(missing)
        onEnqueued()
        logger.info("Fires requeued", ["fire.count": String(missing.count)])
    }
}
