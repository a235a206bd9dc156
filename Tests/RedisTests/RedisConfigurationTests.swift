import Testing

@testable import Redis

@Suite struct RedisConfigurationTests {
    struct Valid: Sendable {
        var url: String
        var host: String
        var port: Int
        var database = 0
        var username: String?
        var password: String?
    }

    @Test(arguments: [
        Valid(url: "redis://127.0.0.1:56400", host: "127.0.0.1", port: 56400),
        Valid(url: "redis://cache.internal", host: "cache.internal", port: 6379),
        Valid(url: "REDIS://localhost:7000/3", host: "localhost", port: 7000, database: 3),
        Valid(url: "redis://[::1]:6380/", host: "::1", port: 6380),
        Valid(url: "redis://:p%40ss@host:1", host: "host", port: 1, password: "p@ss"),
        Valid(url: "redis://worker:secret@host", host: "host", port: 6379, username: "worker", password: "secret"),
    ])
    func parsesValidURLs(expected: Valid) throws {
        let configuration = try RedisConfiguration(url: expected.url)
        #expect(configuration.host == expected.host)
        #expect(configuration.port == expected.port)
        #expect(configuration.database == expected.database)
        #expect(configuration.username == expected.username)
        #expect(configuration.password == expected.password)
    }

    @Test(arguments: [
        ("127.0.0.1:6379", "redis://"),
        ("http://host:1", "scheme"),
        ("rediss://host:1", "TLS"),
        ("redis://", "host"),
        ("redis://:6379", "host"),
        ("redis://host:0", "port"),
        ("redis://host:70000", "port"),
        ("redis://host:abc", "port"),
        ("redis://host/-1", "database"),
        ("redis://host/one", "database"),
        ("redis://host?timeout=1", "query"),
        ("redis://[::1", "]"),
        ("redis://topsecret@host", "user info"),
    ])
    func rejectsInvalidURLsNamingTheProblem(url: String, problem: String) {
        let error = #expect(throws: RedisError.self) { try RedisConfiguration(url: url) }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains(problem) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("topsecret") == false)
    }
}
