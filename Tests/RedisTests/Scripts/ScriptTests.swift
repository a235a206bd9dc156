import Redis
import Testing

@Suite struct ScriptTests {
    private let increment = RedisScript(
        "local value = redis.call('INCRBY', KEYS[1], ARGV[1]); redis.call('PEXPIRE', KEYS[1], 60000); return value"
    )

    @Test func evaluatesWithKeysAndArguments() throws {
        let connection = try TestRedis.connect()
        let key = TestRedis.uniqueKey("script")

        #expect(try connection.evaluate(increment, keys: [key], arguments: ["5"]) == .integer(5))
        #expect(try connection.evaluate(increment, keys: [key], arguments: ["2"]) == .integer(7))
    }

    @Test func reloadsTheScriptAfterTheServerForgetsIt() throws {
        let connection = try TestRedis.connect()
        let key = TestRedis.uniqueKey("script")
        let script = RedisScript(increment.source + " -- " + key)
        #expect(try connection.evaluate(script, keys: [key], arguments: ["1"]) == .integer(1))

        try connection.command(["SCRIPT", "FLUSH"])
        #expect(try connection.command(["SCRIPT", "EXISTS", script.sha1]) == .array([.integer(0)]))

        #expect(try connection.evaluate(script, keys: [key], arguments: ["1"]) == .integer(2))
        #expect(try connection.command(["SCRIPT", "EXISTS", script.sha1]) == .array([.integer(1)]))
    }

    @Test func luaErrorsThrowServerErrors() throws {
        let connection = try TestRedis.connect()
        let failing = RedisScript("return redis.error_reply('CUSTOM failure')")

        let error = try #require(throws: RedisError.self) { try connection.evaluate(failing, keys: [], arguments: []) }
        #expect(error.code == .server)
        #expect(error.message.contains("CUSTOM failure"))
        #expect(connection.isUsable)
    }

    @Test(arguments: [0, 1, 54, 55, 56, 63, 64, 65, 119, 120, 1000])
    func localDigestMatchesTheServer(length: Int) throws {
        let connection = try TestRedis.connect()
        let source = "return 1 --" + String(repeating: "x", count: length)

        let script = RedisScript(source)
        #expect(try connection.command(["SCRIPT", "LOAD", source]).string == script.sha1)
    }
}
