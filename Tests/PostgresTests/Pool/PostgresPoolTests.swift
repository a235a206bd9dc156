import Dispatch
import Postgres
import Testing

@Suite struct PostgresPoolTests {
    private func makePool(maximumConnections: Int = 2, acquireTimeout: Duration = .seconds(5)) throws -> PostgresPool {
        PostgresPool(
            configuration: try TestDatabase.configuration(),
            maximumConnections: maximumConnections,
            acquireTimeout: acquireTimeout
        )
    }

    @Test func opensLazilyAndReusesIdleConnections() throws {
        let pool = try makePool()
        defer { pool.close() }
        #expect(pool.statistics == (0, 0, 0))

        let first = try pool.withConnection { $0.backendPID }
        let second = try pool.withConnection { $0.backendPID }
        #expect(first == second)
        #expect(pool.statistics == (1, 1, 0))
    }

    @Test func discardsAnIdleConnectionWhoseBackendWasTerminated() throws {
        let pool = try makePool(maximumConnections: 1)
        defer { pool.close() }
        let admin = try TestDatabase.connect()

        let terminated = try pool.withConnection { $0.backendPID }
        try admin.query("SELECT pg_terminate_backend($1)", [terminated])
        #expect(try TestDatabase.waitUntilGone(terminated, using: admin))

        let replacement = try pool.withConnection { connection in
            try connection.query("SELECT pg_backend_pid() AS pid").rows[0].int("pid")
        }
        #expect(replacement != Int(terminated))
        #expect(pool.statistics.open == 1)
    }

    @Test func discardsAConnectionLostInsideTheBody() throws {
        let pool = try makePool(maximumConnections: 1)
        defer { pool.close() }

        let error = try #require(throws: PostgresError.self) {
            try pool.withConnection { connection in
                try connection.query("SELECT pg_terminate_backend(pg_backend_pid())")
            }
        }
        #expect(error.isConnectionLost)
        #expect(pool.statistics == (0, 0, 0))

        #expect(try pool.withConnection { try $0.query("SELECT 1 AS one").rows[0].int("one") } == 1)
    }

    @Test func throwsPoolTimeoutWhenNoConnectionFreesUp() throws {
        let pool = try makePool(maximumConnections: 1, acquireTimeout: .milliseconds(200))
        defer { pool.close() }
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)

        let holder = BackgroundThread {
            _ = try? pool.withConnection { _ in
                entered.signal()
                release.wait()
            }
        }
        entered.wait()

        let start = ContinuousClock.now
        let error = try #require(throws: PostgresError.self) { try pool.withConnection { _ in } }
        #expect(error.code == .poolTimeout)
        #expect(ContinuousClock.now - start >= .milliseconds(200))

        release.signal()
        #expect(holder.join())
        #expect(pool.statistics == (1, 1, 0))
    }

    @Test func handsAReleasedConnectionToTheWaitingThread() throws {
        let pool = try makePool(maximumConnections: 1)
        defer { pool.close() }
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let holderPID = SharedBox<Int32>(0)
        let waiterPID = SharedBox<Int32>(-1)

        let holder = BackgroundThread {
            _ = try? pool.withConnection { connection in
                holderPID.value = connection.backendPID
                entered.signal()
                release.wait()
            }
        }
        entered.wait()
        let waiter = BackgroundThread {
            waiterPID.value = (try? pool.withConnection { $0.backendPID }) ?? 0
        }

        #expect(eventually { pool.statistics.waiting == 1 })
        release.signal()
        #expect(holder.join())
        #expect(waiter.join())
        #expect(waiterPID.value == holderPID.value)
    }

    @Test func rollsBackATransactionLeftOpenBeforeReuse() throws {
        let pool = try makePool(maximumConnections: 1)
        defer { pool.close() }
        let table = TestDatabase.uniqueName("pool_test")
        try pool.withConnection { try $0.executeScript("CREATE TABLE \(table) (n int)") }
        defer { _ = try? pool.withConnection { try $0.executeScript("DROP TABLE \(table)") } }

        try pool.withConnection { connection in
            try connection.executeScript("BEGIN; INSERT INTO \(table) VALUES (1)")
        }

        let count = try pool.withConnection { try $0.query("SELECT count(*) AS c FROM \(table)").rows[0].int("c") }
        #expect(count == 0)
    }

    @Test func transactionsCommitThroughThePool() throws {
        let pool = try makePool()
        defer { pool.close() }
        let table = TestDatabase.uniqueName("pool_test")
        try pool.withConnection { try $0.executeScript("CREATE TABLE \(table) (n int)") }
        defer { _ = try? pool.withConnection { try $0.executeScript("DROP TABLE \(table)") } }

        try pool.transaction { try $0.execute("INSERT INTO \(table) VALUES (1), (2)") }

        let count = try pool.withConnection { try $0.query("SELECT count(*) AS c FROM \(table)").rows[0].int("c") }
        #expect(count == 2)
    }

    @Test func manyThreadsShareABoundedNumberOfConnections() throws {
        let pool = try makePool(maximumConnections: 3)
        defer { pool.close() }
        let failures = SharedBox(0)

        let threads = (0..<8).map { _ in
            BackgroundThread {
                for _ in 0..<20 {
                    do { try pool.withConnection { try $0.query("SELECT pg_sleep(0.001)") } } catch {
                        failures.update { $0 += 1 }
                    }
                }
            }
        }

        #expect(threads.allSatisfy { $0.join(timeout: .seconds(30)) })
        #expect(failures.value == 0)
        #expect(pool.statistics.open <= 3)
        #expect(pool.statistics.waiting == 0)
    }

    @Test func closedPoolsRefuseWork() throws {
        let pool = try makePool()
        try pool.withConnection { _ in }
        pool.close()

        #expect(pool.statistics.open == 0)
        let error = try #require(throws: PostgresError.self) { try pool.withConnection { _ in } }
        #expect(error.code == .closed)
    }
}
