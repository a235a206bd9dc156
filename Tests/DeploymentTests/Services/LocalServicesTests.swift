import Deployment
import Foundation
import Testing

/// Real servers on free loopback ports; each test starts its own and stops it.
@Suite struct LocalServicesTests {
    @Test func redisStartsAnswersAndStopsCompletely() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let redis = LocalRedis(
            .init(host: "127.0.0.1", port: try LoopbackPort.findFree(), directory: folder.appending("redis")))

        try redis.start()
        let pid = try #require(redis.serverPID)
        #expect(redis.isReady())
        #expect(redis.url == "redis://127.0.0.1:\(redis.configuration.port)")

        try redis.stop()
        #expect(!ManagedProcess.isAlive(ProcessRecord(pid: pid, startTime: nil)))
        #expect(!redis.isReady())
        try redis.stop()
    }

    @Test func redisRefusesAPortAnotherRedisAnswersOn() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let port = try LoopbackPort.findFree()
        let first = LocalRedis(.init(host: "127.0.0.1", port: port, directory: folder.appending("first")))
        try first.start()
        defer { try? first.stop() }

        let second = LocalRedis(.init(host: "127.0.0.1", port: port, directory: folder.appending("second")))
        let error = #expect(throws: DeploymentError.self) { try second.start() }

        #expect(error?.code == .commandFailed)
        #expect(first.isReady())
    }

    @Test func postgresInitializesStartsCreatesADatabaseAndStops() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let postgres = LocalPostgres(
            .init(
                host: "127.0.0.1", port: try LoopbackPort.findFree(), dataDirectory: folder.appending("data"),
                logFile: folder.appending("postgres.log"), settings: ["fsync": "off"]))

        try postgres.initializeIfNeeded()
        try postgres.start()
        defer { try? postgres.stop() }
        #expect(postgres.isReady())
        #expect(try postgres.isRunning())

        try postgres.createDatabase("deployment_check")
        try postgres.createDatabase("deployment_check")
        let listed = try CommandRunner.runChecked(
            "/usr/lib/postgresql/15/bin/psql",
            [postgres.connectionString(database: "deployment_check"), "-tAc", "select current_database()"],
            description: "psql")
        #expect(listed == "deployment_check\n")

        try postgres.stop()
        #expect(try !postgres.isRunning())
        #expect(!postgres.isReady())
    }

    @Test func postgresRejectsDatabaseNamesThatNeedQuoting() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let postgres = LocalPostgres(
            .init(host: "127.0.0.1", port: 1, dataDirectory: folder.appending("data"), logFile: folder.appending("log"))
        )

        let error = #expect(throws: DeploymentError.self) { try postgres.createDatabase("x'; drop") }
        #expect(error?.code == .invalidArgument)
    }

    @Test func freePortsAreUsableLoopbackPorts() throws {
        let port = try LoopbackPort.findFree(host: "127.0.0.1")

        #expect((1...65_535).contains(port))
        #expect(throws: DeploymentError.self) { try LoopbackPort.findFree(host: "not-an-address") }
    }
}
