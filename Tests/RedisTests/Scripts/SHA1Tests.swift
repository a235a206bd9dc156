import Testing

@testable import Redis

@Suite struct SHA1Tests {
    @Test(arguments: [
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
        ("The quick brown fox jumps over the lazy dog", "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"),
        ("The quick brown fox jumps over the lazy cog", "de9f2c7fd25e1b3afad3e85a0bd17d9b100db4b3"),
    ])
    func matchesPublishedVectors(input: String, expected: String) {
        #expect(SHA1.hexDigest(input.utf8) == expected)
    }

    @Test func hashesAMillionBytes() {
        let input = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA1.hexDigest(input) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test func scriptsCarryTheDigestOfTheirUTF8Source() {
        let script = RedisScript("return 'ü'")
        #expect(script.sha1 == SHA1.hexDigest(Array("return 'ü'".utf8)))
        #expect(script.sha1.count == 40)
        #expect(script == RedisScript("return 'ü'"))
    }
}
