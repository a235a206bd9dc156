import Cluster
import HTTP
import Postgres
import Redis
import Scheduler
import Telemetry

/// The dispatcher and the deliverer of one region this node may lead shards of: its own region always, other
/// regions while their own nodes are all gone.
final class RegionPipeline: Sendable {
    let region: String
    let queue: DeliveryQueue
    private let dispatcher: Dispatcher
    private let deliverer: Deliverer
    private let dispatchWakeup = Wakeup()
    private let deliveryWakeup = Wakeup()
    private let threads = ThreadSlots()

    init(
        region: String, configuration: NodeConfiguration, pool: PostgresPool, redis: RedisPool,
        listenConfiguration: PostgresConfiguration, leases: ShardLeaseManager, client: HTTPClient, logger: Logger,
        metrics: MetricsRegistry
    ) {
        self.region = region
        queue = DeliveryQueue(pool: redis, region: region)
        dispatcher = Dispatcher(
            configuration: Dispatcher.Configuration(region: region, nodeID: configuration.nodeID),
            pool: pool, listenConfiguration: listenConfiguration, leases: leases, queue: queue,
            logger: logger.labelled("dispatcher"), metrics: metrics,
            onEnqueued: { [deliveryWakeup] in deliveryWakeup.signal() })

        var deliveryConfiguration = Deliverer.Configuration(region: region, nodeID: configuration.nodeID)
        deliveryConfiguration.concurrency = configuration.deliveryConcurrency
        deliverer = Deliverer(
            configuration: deliveryConfiguration, pool: pool, queue: queue, client: client,
            logger: logger.labelled("delivery"), metrics: metrics, wakeup: deliveryWakeup)
    }

    /// Starts dispatching and delivering.
    func start(grace: Duration) {
        threads.start("dispatch") { [dispatcher, dispatchWakeup] in dispatcher.run(wakeup: dispatchWakeup) }
        threads.start("delivery") { [deliverer] in deliverer.run(grace: grace) }
    }

    /// Tells the claimer and the dispatcher to stop; returns at once. Attempts in flight go on until
    /// ``waitForDeliveries()``.
    func stopClaiming() {
        deliveryWakeup.stop()
        dispatchWakeup.stop()
    }

    /// Waits until the dispatcher's last pass has ended.
    func waitForDispatcher() {
        threads.join(named: "dispatch")
    }

    /// Waits for the attempts in flight, at most the grace period given to ``start(grace:)``.
    func waitForDeliveries() {
        threads.joinAll()
    }
}
