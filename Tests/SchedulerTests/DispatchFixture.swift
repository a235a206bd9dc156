import Cluster
import Foundation
import Postgres
import Redis
import Telemetry

@testable import Scheduler

/// A dispatcher of a fresh region whose shards this process leads, on the servers `scripts/test.sh` starts.
final class DispatchFixture: Sendable {
    struct MissingEnvironment: Error, CustomStringConvertible {
        var name: String
        var description: String { "\(name) is not set: run scripts/test.sh, which starts the servers for the tests" }
    }

    static let shardCount = 4

    let region: String
    let pool: PostgresPool
    let redis: RedisPool
    let dispatcher: Dispatcher
    private let leases: ShardLeaseManager
    private let leaseWakeup = Wakeup()
    private let leaseThreadDone = DispatchSemaphore(value: 0)

    init() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let postgresURL = environment["MERIDIAN_TEST_POSTGRES_URL"], !postgresURL.isEmpty else {
            throw MissingEnvironment(name: "MERIDIAN_TEST_POSTGRES_URL")
        }
        guard let redisURL = environment["MERIDIAN_TEST_REDIS_URL"], !redisURL.isEmpty else {
            throw MissingEnvironment(name: "MERIDIAN_TEST_REDIS_URL")
        }
        region = "dispatch-" + UUID().uuidString.prefix(8).lowercased()
        let postgres = PostgresConfiguration(connectionString: postgresURL)
        pool = PostgresPool(configuration: postgres, maximumConnections: 2)
        redis = RedisPool(configuration: try RedisConfiguration(url: redisURL), maximumConnections: 2)
        try pool.withConnection { try Migrator(migrations: SchedulerSchema.migrations).migrate(on: $0) }

        let metrics = MetricsRegistry()
        leases = ShardLeaseManager(
            configuration: .init(
                region: region, nodeID: "\(region)-test", shardCount: Self.shardCount, postgres: postgres),
            logger: .silent, metrics: metrics)
        dispatcher = Dispatcher(
            configuration: .init(region: region, nodeID: "\(region)-test"), pool: pool, listenConfiguration: postgres,
            leases: leases, queue: DeliveryQueue(pool: redis, region: region), logger: .silent, metrics: metrics,
            onEnqueued: {})

        let thread = Thread { [leases, leaseWakeup, leaseThreadDone] in
            leases.run(wakeup: leaseWakeup)
            leaseThreadDone.signal()
        }
        thread.start()
        let deadline = Date().addingTimeInterval(10)
        let poll = Wakeup()
        while leases.ownedShards().count < Self.shardCount && Date() < deadline {
            poll.wait(timeout: .milliseconds(20))
        }
    }

    func stop() {
        leaseWakeup.stop()
        leaseThreadDone.wait()
        pool.close()
        redis.close()
    }

    /// Inserts a job of this region whose stored next instant is `next`.
    func insertJob(
        schedule: String, next: Date, policy: String, windowMs: Int64, maxCatchUp: Int, anchor: Date? = nil
    ) throws -> Job {
        let id = UUID()
        let job = Job(
            id: id, tenant: "dispatch-tests", name: "misfire", schedule: schedule,
            scheduleKind: schedule.hasPrefix("@every") ? "every" : "cron", timeZone: "UTC", dstPolicy: "shift",
            misfirePolicy: policy, catchUpWindowMs: windowMs, maxCatchUp: maxCatchUp, anchorAt: anchor ?? next,
            target: CallbackTarget(url: "https://example.com/hook"), retry: RetryPolicy(), priority: 5,
            homeRegion: region, shard: ShardKey.shard(of: id, shardCount: Self.shardCount), isActive: true,
            status: .active, nextExecutionAt: next, version: 1, createdAt: next, updatedAt: next)
        return try JobStore(pool: pool).insert(job)
    }

    /// Ledger rows of `jobID` counted by "state/trigger".
    func countStates(of jobID: UUID) throws -> [String: Int] {
        try pool.withConnection { connection in
            var counts: [String: Int] = [:]
            let rows = try connection.query(
                "select state || '/' || trigger as kind, count(*) as n from fires where job_id = $1 group by 1",
                [jobID]
            ).rows
            for row in rows { counts[try row.string("kind")] = try row.int("n") }
            return counts
        }
    }
}
