import Cluster
import Foundation
import HTTP
import Postgres
import Synchronization
import Telemetry

/// Claims due fires from the region's queue and delivers their callbacks at their instant, up to a
/// concurrency limit.
///
/// 1. A claimer loop wakes `prefetch` before the earliest queued instant and claims what is due by then, first
///    in Redis, then in the ledger (one statement for the batch). 2. Each claimed fire's signed request is built
///    at once and parked in a release queue. 3. A release thread hands each request to the HTTP client at its
///    exact instant. 4. Outcomes are recorded on a worker queue; failures go back to Redis with their backoff,
///    or end `dead`.
public final class Deliverer: Sendable {
    /// Tunables of delivery.
    public struct Configuration: Sendable {
        public var region: String
        /// This node, recorded on every claim.
        public var nodeID: String
        /// Most attempts claimed or in flight on this node. Default 64.
        public var concurrency: Int = 64
        /// Fires are claimed this long before their instant, so the ledger claim and the signing are done when
        /// it comes. Default 100 ms.
        public var prefetch: Duration = .milliseconds(100)
        /// Longest sleep of the claimer, so fires queued by other nodes are seen. Default 100 ms.
        public var pollInterval: Duration = .milliseconds(100)
        /// Extra time beyond the target's timeout before an attempt counts as abandoned. Default 30 s.
        public var leaseGrace: Duration = .seconds(30)

        public init(region: String, nodeID: String) {
            self.region = region
            self.nodeID = nodeID
        }
    }

    private let configuration: Configuration
    private let queue: DeliveryQueue
    private let ledger: DeliveryLedger
    private let pool: PostgresPool
    private let attempts: DeliveryAttempts
    private let logger: Logger
    private let claimOutage: OutageLog
    private let inFlight: AttemptCounter
    private let wakeup: Wakeup
    private let records = DispatchQueue(label: "meridian.delivery.records", attributes: .concurrent)
    private let releases: ReleaseQueue<DeliveryAttempts.Prepared>

    public init(
        configuration: Configuration, pool: PostgresPool, queue: DeliveryQueue, client: HTTPClient,
        logger: Logger, metrics: MetricsRegistry, wakeup: Wakeup
    ) {
        self.configuration = configuration
        self.queue = queue
        self.logger = logger.with(["region": configuration.region])
        claimOutage = OutageLog(logger: self.logger)
        let ledger = DeliveryLedger(pool: pool, nodeID: configuration.nodeID)
        self.pool = pool
        let attempts = DeliveryAttempts(ledger: ledger, queue: queue, client: client, logger: logger, metrics: metrics)
        self.ledger = ledger
        self.attempts = attempts
        self.wakeup = wakeup
        let inFlight = AttemptCounter(
            gauge: metrics.gauge("meridian_deliveries_in_flight", help: "Callback attempts claimed or in flight."),
            wakeup: wakeup)
        self.inFlight = inFlight

        let records = self.records
        releases = ReleaseQueue { prepared in
            attempts.send(prepared, recordQueue: records) { inFlight.ended() }
        }
    }

    /// Attempts claimed or in flight now.
    public var activeAttempts: Int { inFlight.count }

    /// Runs the claimer on the calling thread until the wakeup stops, then lets claimed attempts go out and
    /// waits up to `grace` for attempts in flight to finish.
    public func run(grace: Duration) {
        let releaseThread = Thread { [releases] in releases.run() }
        releaseThread.name = "meridian.delivery.release"
        releaseThread.start()
        requeueOwnLeftoverClaims()

        while !wakeup.isStopping {
            let sleep = claimDue()
            wakeup.wait(timeout: sleep)
        }
        releases.stop()
        drain(grace: grace)
    }

    /// Claims what is due within the prefetch window and returns how long to sleep before the next look.
    private func claimDue() -> Duration {
        let free = configuration.concurrency - activeAttempts
        // Saturated: an attempt that ends signals the wakeup, so there is no point looking before.
        guard free > 0 else { return configuration.pollInterval }
        let nowMs = Date().millisecondsSince1970
        do {
            let claimed = try queue.claim(
                limit: free, horizonMs: nowMs + configuration.prefetch.milliseconds,
                leaseUntilMs: nowMs + configuration.prefetch.milliseconds + Self.queueLeaseMs)
            try start(claimed)
            claimOutage.succeeded("Delivery claims recovered")
            guard let earliest = try queue.earliestDueMs() else { return configuration.pollInterval }
            let untilDue = earliest - configuration.prefetch.milliseconds - Date().millisecondsSince1970
            return .milliseconds(min(max(untilDue, 0), configuration.pollInterval.milliseconds))
        } catch {
            claimOutage.failed("Delivery claims failing", ["error": String(describing: error)])
            return .seconds(1)
        }
    }

    /// Claims `fires` in the ledger and parks each prepared attempt until its instant.
    private func start(_ fires: [QueuedFire]) throws {
        guard !fires.isEmpty else { return }
        let claims: [UUID: DeliveryLedger.Claim]
        do {
            claims = try ledger.claim(fires, leaseGraceMs: configuration.leaseGrace.milliseconds)
        } catch {
            // Claimed in Redis but not in the ledger: put them back, due now, rather than wait for the Redis lease.
            for fire in fires { try? queue.reschedule(fire, dueAtMs: Date().millisecondsSince1970) }
            throw error
        }

        for fire in fires {
            guard let claim = claims[fire.fireID] else {
                // Finished, or another worker holds it: nothing to send from this queue entry.
                try? queue.acknowledge(fire.fireID)
                continue
            }
            switch attempts.prepare(fire, claim: claim) {
            case .success(let prepared):
                inFlight.started()
                releases.schedule(prepared, dueAtMs: fire.dueAtMs)
            case .failure(let skip):
                records.async { [attempts] in attempts.skip(fire, attempt: claim.attempt, reason: skip) }
            }
        }
    }

    /// Attempts this node claimed before a restart never finished: make them claimable and queue them again.
    private func requeueOwnLeftoverClaims() {
        do {
            let fires = try pool.withConnection { connection in
                try DeliveryLedger.releaseClaims(
                    of: [configuration.nodeID], region: configuration.region, shards: nil, on: connection)
            }
            for fire in fires { try queue.reschedule(fire, dueAtMs: Date().millisecondsSince1970) }
            if !fires.isEmpty { logger.info("Leftover claims requeued", ["fire.count": String(fires.count)]) }
        } catch {
            logger.info("Leftover claims not requeued", ["error": String(describing: error)])
        }
    }

    private func drain(grace: Duration) {
        let deadline = Date().addingTimeInterval(grace.seconds)
        while activeAttempts > 0 && Date() < deadline {
            // The wakeup is stopped by now and returns at once: poll with a real pause.
            Thread.sleep(forTimeInterval: 0.02)
        }
        if activeAttempts > 0 {
            logger.warning("Attempts abandoned at shutdown", ["attempt.count": String(activeAttempts)])
        }
    }

    /// How long a Redis claim outlives the fire's instant before the fire returns to the queue: short, because a
    /// node can die between its Redis claim and its ledger claim. An attempt that runs longer is protected by
    /// the ledger claim; whoever takes the returned entry finds it held there and drops the entry.
    static let queueLeaseMs: Int64 = 5_000
}

/// Attempts claimed or in flight; an attempt that ends wakes the claimer because a slot is free.
private final class AttemptCounter: Sendable {
    private let value = Mutex(0)
    private let gauge: GaugeFamily
    private let wakeup: Wakeup

    init(gauge: GaugeFamily, wakeup: Wakeup) {
        self.gauge = gauge
        self.wakeup = wakeup
    }

    var count: Int { value.withLock { $0 } }

    func started() {
        gauge.set(
            Double(
                value.withLock { count in
                    count += 1
                    return count
                }))
    }

    func ended() {
        gauge.set(
            Double(
                value.withLock { count in
                    count -= 1
                    return count
                }))
        wakeup.signal()
    }
}
