import API
import Cluster
import Foundation
import HTTP
import Postgres
import Redis
import Scheduler
import Telemetry

/// One scheduler node: the API, the shard leases, the dispatcher and delivery, wired together and run until
/// SIGTERM or SIGINT.
final class Node: Sendable {
    private let configuration: NodeConfiguration
    private let logger: Logger
    private let metrics = MetricsRegistry()
    private let pool: PostgresPool
    private let redis: RedisPool
    private let queue: DeliveryQueue
    private let leases: ShardLeaseManager
    private let client: HTTPClient
    private let server: HTTPServer
    private let leaseWakeup = Wakeup()
    private let dispatchWakeup = Wakeup()
    private let deliveryWakeup = Wakeup()
    private let maintenanceWakeup = Wakeup()
    private let dispatcher: Dispatcher
    private let deliverer: Deliverer

    init(configuration: NodeConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        let postgres = PostgresConfiguration(connectionString: configuration.postgresURL)
        pool = PostgresPool(configuration: postgres, maximumConnections: 16)
        redis = RedisPool(configuration: try RedisConfiguration(url: configuration.redisURL), maximumConnections: 16)
        queue = DeliveryQueue(pool: redis, region: configuration.region)

        var leaseConfiguration = ShardLeaseManager.Configuration(
            region: configuration.region, nodeID: configuration.nodeID, shardCount: configuration.shardCount,
            postgres: postgres)
        leaseConfiguration.renewInterval = .milliseconds(500)
        leases = ShardLeaseManager(configuration: leaseConfiguration, logger: logger.labelled("leases"), metrics: metrics)

        var clientConfiguration = HTTPClientConfiguration()
        clientConfiguration.allowPrivateAddresses = configuration.allowPrivateTargets
        client = HTTPClient(configuration: clientConfiguration)

        dispatcher = Dispatcher(
            configuration: Dispatcher.Configuration(region: configuration.region, nodeID: configuration.nodeID),
            pool: pool, listenConfiguration: postgres, leases: leases, queue: queue,
            logger: logger.labelled("dispatcher"), metrics: metrics, onEnqueued: { [deliveryWakeup] in deliveryWakeup.signal() })
        var deliveryConfiguration = Deliverer.Configuration(region: configuration.region)
        deliveryConfiguration.concurrency = configuration.deliveryConcurrency
        deliverer = Deliverer(
            configuration: deliveryConfiguration, pool: pool, queue: queue, client: client,
            logger: logger.labelled("delivery"), metrics: metrics, wakeup: deliveryWakeup)

        let api = MeridianAPI(
            configuration: MeridianAPI.Configuration(
                region: configuration.region, shardCount: configuration.shardCount, jwtSecret: configuration.jwtSecret),
            pool: pool, metrics: metrics, readiness: Self.readiness(pool: pool, redis: redis))
        server = HTTPServer(
            configuration: HTTPServerConfiguration(host: configuration.apiHost, port: configuration.apiPort),
            handler: { api.handle($0) })
        registerGauges()
    }

    /// Starts every component and blocks until a termination signal has been handled.
    func run() throws {
        if configuration.migrateOnStart {
            let applied = try pool.withConnection { try Migrator(migrations: SchedulerSchema.migrations).migrate(on: $0) }
            logger.debug("Migrations applied", ["migration.count": String(applied.count)])
        }
        try server.start()
        logger.info("API listening", ["api.host": configuration.apiHost, "api.port": String(server.port)])

        let grace = Duration.seconds(configuration.shutdownGraceSeconds)
        let leaseThread = BackgroundThread(name: "leases") { [leases, leaseWakeup] in leases.run(wakeup: leaseWakeup) }
        let dispatchThread = BackgroundThread(name: "dispatch") { [dispatcher, dispatchWakeup] in
            dispatcher.run(wakeup: dispatchWakeup)
        }
        let deliveryThread = BackgroundThread(name: "delivery") { [deliverer] in deliverer.run(grace: grace) }
        let maintenanceThread = BackgroundThread(name: "maintenance") { [self] in runMaintenance() }

        let signal = TerminationSignal.wait()
        logger.info("Shutting down", ["signal": signal])

        // 1. Stop claiming and let attempts in flight finish. 2. Stop dispatching. 3. Release shards.
        deliveryWakeup.stop()
        dispatchWakeup.stop()
        maintenanceWakeup.stop()
        deliveryThread.join()
        dispatchThread.join()
        maintenanceThread.join()
        leaseWakeup.stop()
        leaseThread.join()

        server.stop()
        client.shutdown()
        pool.close()
        redis.close()
        logger.info("Stopped")
    }

    /// Keeps a week of daily fire partitions ahead; one node at a time does it, under a transaction lock.
    private func runMaintenance() {
        while !maintenanceWakeup.isStopping {
            do {
                try pool.transaction { connection in
                    let locked = try connection.query(
                        "select pg_try_advisory_xact_lock(hashtext('meridian.maintenance')) as locked"
                    ).rows[0].bool("locked")
                    guard locked else { return }
                    try connection.query("select meridian_ensure_fire_partitions(7)")
                }
            } catch {
                logger.info("Maintenance failed", ["error": String(describing: error)])
            }
            maintenanceWakeup.wait(timeout: .seconds(3_600))
        }
    }

    private func registerGauges() {
        let depth = metrics.gauge("meridian_queue_depth", help: "Fires in the region's queue.", labels: ["set"])
        metrics.onCollect { [queue] in
            guard let (queued, inflight) = try? queue.depth() else { return }
            depth.set(Double(queued), "queued")
            depth.set(Double(inflight), "inflight")
        }
    }

    private static func readiness(pool: PostgresPool, redis: RedisPool) -> MeridianAPI.ReadinessCheck {
        {
            let postgres = (try? pool.withConnection { try $0.query("select 1") }) != nil
            let redisReady = (try? redis.withConnection { try $0.command(["PING"]) }) != nil
            return [("postgres", postgres), ("redis", redisReady)]
        }
    }
}
