import Cluster
import Foundation
import HTTP
import Postgres
import Synchronization
import Telemetry

/// Claims due fires from the region's queue and delivers their callbacks, up to a concurrency limit.
///
/// A claimer loop sleeps until the earliest queued instant (minus a small prefetch), claims what is due, and
/// hands each fire to an attempt that marks it delivering in the ledger, waits for the exact instant, calls the
/// target and records the outcome. Failures retry with the job's backoff and end as `dead`.
public final class Deliverer: Sendable {
    /// Tunables of delivery.
    public struct Configuration: Sendable {
        public var region: String
        /// Most attempts in flight on this node. Default 64.
        public var concurrency: Int = 64
        /// Fires are claimed this long before their instant and released at it. Default 30 ms.
        public var prefetch: Duration = .milliseconds(30)
        /// Longest sleep of the claimer, so fires queued by other nodes are seen. Default 100 ms.
        public var pollInterval: Duration = .milliseconds(100)
        /// Extra time a claim is held beyond the target's timeout before another node may take it. Default 30 s.
        public var leaseGrace: Duration = .seconds(30)

        public init(region: String) {
            self.region = region
        }
    }

    private let configuration: Configuration
    private let queue: DeliveryQueue
    private let attempts: DeliveryAttempts
    private let logger: Logger
    private let inFlight = Mutex(0)
    private let wakeup: Wakeup
    private let work = DispatchQueue(label: "meridian.delivery", attributes: .concurrent)
    private let inFlightGauge: GaugeFamily

    public init(
        configuration: Configuration, pool: PostgresPool, queue: DeliveryQueue, client: HTTPClient,
        logger: Logger, metrics: MetricsRegistry, wakeup: Wakeup
    ) {
        self.configuration = configuration
        self.queue = queue
        self.logger = logger.with(["region": configuration.region])
        self.attempts = DeliveryAttempts(
            ledger: DeliveryLedger(pool: pool), queue: queue, client: client, logger: logger, metrics: metrics,
            leaseGrace: configuration.leaseGrace)
        self.wakeup = wakeup
        inFlightGauge = metrics.gauge("meridian_deliveries_in_flight", help: "Callback attempts in flight.")
    }

    /// Attempts in flight now.
    public var activeAttempts: Int { inFlight.withLock { $0 } }

    /// Runs the claimer on the calling thread until the wakeup stops, then waits up to `grace` for attempts in
    /// flight to finish.
    public func run(grace: Duration) {
        while !wakeup.isStopping {
            let sleep = claimDue()
            wakeup.wait(timeout: sleep)
        }
        drain(grace: grace)
    }

    /// Claims what is due and returns how long to sleep before the next look.
    private func claimDue() -> Duration {
        let free = configuration.concurrency - activeAttempts
        let nowMs = Self.nowMs()
        do {
            if free > 0 {
                let leaseMs = Int64(10 * 60 * 1000) + configuration.leaseGrace.milliseconds
                let claimed = try queue.claim(
                    limit: free, horizonMs: nowMs + configuration.prefetch.milliseconds, leaseUntilMs: nowMs + leaseMs)
                for fire in claimed { start(fire) }
            }
            guard let earliest = try queue.earliestDueMs() else { return configuration.pollInterval }
            let untilDue = earliest - configuration.prefetch.milliseconds - Self.nowMs()
            return .milliseconds(min(max(untilDue, 0), configuration.pollInterval.milliseconds))
        } catch {
            logger.info("Queue unavailable", ["error": String(describing: error)])
            return .seconds(1)
        }
    }

    private func start(_ fire: QueuedFire) {
        let count = inFlight.withLock { count in
            count += 1
            return count
        }
        inFlightGauge.set(Double(count))

        work.async { [self] in
            attempts.deliver(fire) { self.attemptEnded() }
        }
    }

    private func attemptEnded() {
        let count = inFlight.withLock { count in
            count -= 1
            return count
        }
        inFlightGauge.set(Double(count))
        wakeup.signal()
    }

    private func drain(grace: Duration) {
        let deadline = Date().addingTimeInterval(grace.seconds)
        while activeAttempts > 0 && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        if activeAttempts > 0 {
            logger.warning("Attempts abandoned at shutdown", ["attempt.count": String(activeAttempts)])
        }
    }

    static func nowMs() -> Int64 {
        Int64(Date().timeIntervalSince1970 * 1000)
    }
}
