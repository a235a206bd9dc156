import Redis
import Testing

@Suite struct RedisValueTests {
    @Test func stringReadsBulkAndStatusAsUTF8() {
        #expect(RedisValue.bulk(Array("héllo".utf8)).string == "héllo")
        #expect(RedisValue.status("OK").string == "OK")
        #expect(RedisValue.bulk([0xFF, 0xFE]).string == nil)
        #expect(RedisValue.integer(1).string == nil)
        #expect(RedisValue.null.string == nil)
    }

    @Test func integerReadsIntegersAndNumericBulk() {
        #expect(RedisValue.integer(-5).integer == -5)
        #expect(RedisValue.bulk(Array("42".utf8)).integer == 42)
        #expect(RedisValue.bulk(Array("4x".utf8)).integer == nil)
        #expect(RedisValue.status("1").integer == nil)
    }

    @Test func arrayReadsOnlyArrays() {
        #expect(RedisValue.array([.null]).array == [.null])
        #expect(RedisValue.bulk([]).array == nil)
    }
}
