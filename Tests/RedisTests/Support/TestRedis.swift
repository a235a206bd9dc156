import Foundation
import Redis

/// Access to the Redis server that `scripts/test.sh` starts for the integration tests.
enum TestRedis {
    struct MissingEnvironment: Error, CustomStringConvertible {
        var description: String {
            "MERIDIAN_TEST_REDIS_URL is not set: run scripts/test.sh to start Redis for the tests"
        }
    }

    /// The server URL (`redis://127.0.0.1:PORT`). Throws (failing the test) when unset.
    static func configuration() throws -> RedisConfiguration {
        guard let url = ProcessInfo.processInfo.environment["MERIDIAN_TEST_REDIS_URL"], !url.isEmpty else {
            throw MissingEnvironment()
        }
        return try RedisConfiguration(url: url)
    }

    static func connect() throws -> RedisConnection {
        try RedisConnection(configuration: try configuration())
    }

    /// A fresh key so parallel tests never share data.
    static func uniqueKey(_ prefix: String) -> String {
        "meridian-test:\(prefix):\(UUID().uuidString.lowercased())"
    }
}
