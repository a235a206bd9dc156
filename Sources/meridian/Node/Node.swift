import API
import Cluster
import Foundation
import HTTP
import Postgres
import Redis
import Scheduler
import Telemetry

/// One scheduler node: the API, cluster membership and shard leases, and a dispatcher and deliverer per region it
/// may lead, wired together and run until SIGTERM or SIGINT.
final class Node: Sendable {
    private let configuration: NodeConfiguration
    private let logger: Logger
    private let metrics = MetricsRegistry()
    private let pool: PostgresPool
    private let redis: RedisPool
    private let cluster: NodeCluster
    private let pipelines: [RegionPipeline]
    private let client: HTTPClient
    private let server: HTTPServer
    private let maintenanceWakeup = Wakeup()

    init(configuration: NodeConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        let postgres = PostgresConfiguration(connectionString: configuration.postgresURL)
        var poolPostgres = postgres
        poolPostgres.applicationName = ShardLeaseManager.poolApplicationName(nodeID: configuration.nodeID)
        pool = PostgresPool(configuration: poolPostgres, maximumConnections: 16)
        redis = RedisPool(configuration: try RedisConfiguration(url: configuration.redisURL), maximumConnections: 16)
        cluster = try NodeCluster(configuration: configuration, postgres: postgres, logger: logger, metrics: metrics)

        var clientConfiguration = HTTPClientConfiguration()
        clientConfiguration.allowPrivateAddresses = configuration.allowPrivateTargets
        client = HTTPClient(configuration: clientConfiguration)

        pipelines = cluster.servedRegions.map { [pool, redis, client, cluster, metrics] region in
            let leases = region == configuration.region ? cluster.leases : cluster.leases.view(region: region)
            return RegionPipeline(
                region: region, configuration: configuration, pool: pool, redis: redis,
                listenConfiguration: poolPostgres,
                leases: leases, client: client, logger: logger.with(["served.region": region]), metrics: metrics)
        }

        let clusterRoutes = ClusterRoutes(
            adminTenants: Set(configuration.adminTenants), pool: pool, snapshot: { [cluster] in cluster.snapshot() })
        let api = MeridianAPI(
            configuration: MeridianAPI.Configuration(
                region: configuration.region, shardCount: configuration.shardCount, jwtSecret: configuration.jwtSecret),
            pool: pool, metrics: metrics, readiness: Self.readiness(pool: pool, redis: redis), cluster: clusterRoutes,
            logger: logger.labelled("api"))
        server = HTTPServer(
            configuration: HTTPServerConfiguration(host: configuration.apiHost, port: configuration.apiPort),
            handler: { api.handle($0) })
        registerGauges()
    }

    /// Starts every component and blocks until a termination signal has been handled.
    func run() throws {
        if configuration.migrateOnStart {
            let applied = try pool.withConnection {
                try Migrator(migrations: SchedulerSchema.migrations).migrate(on: $0)
            }
            logger.debug("Migrations applied", ["migration.count": String(applied.count)])
        }
        try server.start()
        logger.info("API listening", ["api.host": configuration.apiHost, "api.port": String(server.port)])

        try cluster.start()
        logger.info("Cluster listening", ["cluster.port": String(cluster.membership.address.port)])
        let grace = Duration.seconds(configuration.shutdownGraceSeconds)
        for pipeline in pipelines { pipeline.start(grace: grace) }
        let maintenanceThread = BackgroundThread(name: "maintenance") { [self] in runMaintenance() }

        let signal = TerminationSignal.wait()
        logger.info("Shutting down", ["signal": signal])
        shutDown()
        maintenanceThread.join()
        logger.info("Stopped")
    }

    /// 1. Stop claiming fires and dispatching (every region at once). 2. Release every shard, then announce the
    /// leave, so other nodes lead them while 3. attempts in flight finish within the grace period. 4. Stop
    /// membership and the servers.
    private func shutDown() {
        maintenanceWakeup.stop()
        for pipeline in pipelines { pipeline.stopClaiming() }
        for pipeline in pipelines { pipeline.waitForDispatcher() }
        cluster.releaseAndLeave()
        for pipeline in pipelines { pipeline.waitForDeliveries() }

        cluster.stop()
        server.stop()
        client.shutdown()
        pool.close()
        redis.close()
    }

    /// Keeps a week of daily fire partitions ahead and drops those older than `fireRetentionDays`; one node at a
    /// time does it, under a transaction lock.
    private func runMaintenance() {
        while !maintenanceWakeup.isStopping {
            do {
                try pool.transaction { connection in
                    let locked = try connection.query(
                        "select pg_try_advisory_xact_lock(hashtext('meridian.maintenance')) as locked"
                    ).rows[0].bool("locked")
                    guard locked else { return }
                    try connection.query("select meridian_ensure_fire_partitions(7)")
                    try connection.query(
                        "select meridian_drop_fire_partitions($1)", [configuration.fireRetentionDays])
                }
            } catch {
                logger.info("Maintenance failed", ["error": String(describing: error)])
            }
            maintenanceWakeup.wait(timeout: .seconds(3_600))
        }
    }

    private func registerGauges() {
        let depth = metrics.gauge("meridian_queue_depth", help: "Fires in the region's queue.", labels: ["set"])
        let queue = pipelines[0].queue
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
