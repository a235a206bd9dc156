import Redis
import Testing

@Suite struct RedisConnectionTests {
    @Test func everyByteValueRoundTrips() throws {
        let connection = try TestRedis.connect()
        let key = Array(TestRedis.uniqueKey("binary").utf8) + [0, 13, 10, 255]
        let value = (0...255).map(UInt8.init) + Array("\r\n$-1\r\n*2\r\n".utf8)

        #expect(
            try connection.command(bytes: [Array("SET".utf8), key, value, Array("PX".utf8), Array("60000".utf8)])
                == .status("OK"))
        #expect(try connection.command(bytes: [Array("GET".utf8), key]) == .bulk(value))
    }

    @Test(arguments: ["", "plain", "ünïcödé 🌍", "with \"quotes\" and\r\nnewlines", "%s %d %b"])
    func stringsRoundTrip(value: String) throws {
        let connection = try TestRedis.connect()
        let key = TestRedis.uniqueKey("string")
        try connection.command(["SET", key, value, "PX", "60000"])
        #expect(try connection.command(["GET", key]).string == value)
    }

    @Test func repliesDecodeToTheirKinds() throws {
        let connection = try TestRedis.connect()
        let key = TestRedis.uniqueKey("kinds")
        defer { _ = try? connection.command(["DEL", key]) }

        #expect(try connection.command(["GET", key]) == .null)
        #expect(try connection.command(["RPUSH", key, "a", "b"]) == .integer(2))
        #expect(try connection.command(["LRANGE", key, "0", "-1"]) == .array([.bulk([97]), .bulk([98])]))
        #expect(try connection.command(["PING"]) == .status("PONG"))
    }

    @Test func errorRepliesThrowServerErrorsAndKeepTheConnection() throws {
        let connection = try TestRedis.connect()
        let key = TestRedis.uniqueKey("wrongtype")
        try connection.command(["SET", key, "text", "PX", "60000"])

        let error = try #require(throws: RedisError.self) { try connection.command(["LPUSH", key, "x"]) }
        #expect(error.code == .server)
        #expect(error.message.hasPrefix("WRONGTYPE"))

        #expect(throws: RedisError.self) { try connection.command(["NO-SUCH-COMMAND"]) }
        #expect(connection.isUsable)
        #expect(try connection.command(["GET", key]).string == "text")
    }

    @Test func pipelinesReturnRepliesInOrder() throws {
        let connection = try TestRedis.connect()
        let key = TestRedis.uniqueKey("pipeline")
        defer { _ = try? connection.command(["DEL", key]) }

        let replies = try connection.pipeline([["INCR", key], ["INCRBY", key, "10"], ["GET", key], ["PING"]])
        #expect(replies == [.integer(1), .integer(11), .bulk(Array("11".utf8)), .status("PONG")])
        #expect(try connection.pipeline([]) == [])
    }

    @Test func pipelineErrorsThrowAfterEveryReplyIsRead() throws {
        let connection = try TestRedis.connect()
        let key = TestRedis.uniqueKey("pipeline")
        defer { _ = try? connection.command(["DEL", key]) }

        let error = try #require(throws: RedisError.self) {
            try connection.pipeline([
                ["SET", key, "v"], ["INCR", key], ["HSET", key, "f", "v"], ["APPEND", key, "w"],
            ])
        }
        #expect(error.code == .server)
        #expect(error.message.hasPrefix("ERR"))

        #expect(connection.isUsable)
        #expect(try connection.command(["GET", key]).string == "vw")
    }

    @Test func emptyCommandsAreRejectedBeforeSending() throws {
        let connection = try TestRedis.connect()
        let error = try #require(throws: RedisError.self) { try connection.command([]) }
        #expect(error.code == .protocolError)
        #expect(connection.isUsable)
    }

    @Test func commandTimeoutThrowsTimeoutAndRetiresTheConnection() throws {
        var configuration = try TestRedis.configuration()
        configuration.commandTimeout = .milliseconds(200)
        let connection = try RedisConnection(configuration: configuration)

        let start = ContinuousClock.now
        let error = try #require(throws: RedisError.self) {
            try connection.command(["BLPOP", TestRedis.uniqueKey("never"), "5"])
        }
        #expect(error.code == .timeout)
        #expect(ContinuousClock.now - start < .seconds(4))
        #expect(!connection.isUsable)
        #expect(throws: RedisError.self) { try connection.command(["PING"]) }
    }

    @Test func closedConnectionsThrowClosed() throws {
        let connection = try TestRedis.connect()
        connection.close()
        connection.close()

        let error = try #require(throws: RedisError.self) { try connection.command(["PING"]) }
        #expect(error.code == .closed)
        #expect(!connection.isUsable)
    }

    @Test func unreachableServersFailToConnect() throws {
        var configuration = RedisConfiguration(host: "127.0.0.1", port: 56409)
        configuration.connectTimeout = .seconds(1)
        let error = try #require(throws: RedisError.self) { try RedisConnection(configuration: configuration) }
        #expect(error.code == .connectionFailed)
    }

    @Test func selectsTheConfiguredDatabase() throws {
        var configuration = try TestRedis.configuration()
        configuration.database = 2
        let connection = try RedisConnection(configuration: configuration)
        let id = try #require(try connection.command(["CLIENT", "ID"]).integer)

        let info = try #require(try connection.command(["CLIENT", "LIST", "ID", String(id)]).string)
        #expect(info.contains(" db=2 "))
    }
}
