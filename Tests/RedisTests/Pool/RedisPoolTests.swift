import Redis
import Testing

@Suite struct RedisPoolTests {
    private func makePool(maximumConnections: Int = 1, acquireTimeout: Duration = .seconds(2)) throws -> RedisPool {
        RedisPool(
            configuration: try TestRedis.configuration(), maximumConnections: maximumConnections,
            acquireTimeout: acquireTimeout)
    }

    private func clientID(_ connection: RedisConnection) throws -> Int64 {
        try #require(try connection.command(["CLIENT", "ID"]).integer)
    }

    @Test func reusesIdleConnections() throws {
        let pool = try makePool(maximumConnections: 2)
        defer { pool.close() }

        let first = try pool.withConnection(clientID)
        let second = try pool.withConnection(clientID)
        #expect(first == second)
        #expect(pool.statistics == (1, 1, 0))
    }

    @Test func discardsAnIdleConnectionTheServerClosed() throws {
        let pool = try makePool()
        defer { pool.close() }
        let admin = try TestRedis.connect()

        let killed = try pool.withConnection(clientID)
        #expect(try admin.command(["CLIENT", "KILL", "ID", String(killed)]) == .integer(1))

        let replacement = try pool.withConnection(clientID)
        #expect(replacement != killed)
        #expect(pool.statistics == (1, 1, 0))
    }

    @Test func discardsAConnectionThatBrokeInsideTheBody() throws {
        let pool = try makePool()
        defer { pool.close() }
        let admin = try TestRedis.connect()

        let error = try #require(throws: RedisError.self) {
            try pool.withConnection { connection in
                try admin.command(["CLIENT", "KILL", "ID", String(try clientID(connection))])
                try connection.command(["PING"])
            }
        }
        #expect(error.code == .connectionFailed)
        #expect(pool.statistics == (0, 0, 0))

        #expect(try pool.withConnection { try $0.command(["PING"]) } == .status("PONG"))
    }

    @Test func throwsPoolTimeoutWhenEveryConnectionIsLent() throws {
        let pool = try makePool(acquireTimeout: .milliseconds(150))
        defer { pool.close() }

        let start = ContinuousClock.now
        let error = try #require(throws: RedisError.self) {
            try pool.withConnection { _ in try pool.withConnection { _ in } }
        }
        #expect(error.code == .poolTimeout)
        #expect(ContinuousClock.now - start >= .milliseconds(150))
        #expect(pool.statistics == (1, 1, 0))
    }

    @Test func closedPoolsRefuseWork() throws {
        let pool = try makePool()
        try pool.withConnection { _ in }
        pool.close()

        #expect(pool.statistics.open == 0)
        let error = try #require(throws: RedisError.self) { try pool.withConnection { _ in } }
        #expect(error.code == .closed)
    }
}
