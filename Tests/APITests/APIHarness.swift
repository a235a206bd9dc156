import Foundation
import HTTP
import Postgres
import Scheduler
import Telemetry

@testable import API

/// The API of one node, called in-process against the scratch database that `scripts/test.sh` starts.
final class APIHarness: Sendable {
    struct MissingEnvironment: Error, CustomStringConvertible {
        var description: String {
            "MERIDIAN_TEST_POSTGRES_URL is not set: run scripts/test.sh, which starts Postgres for the tests"
        }
    }

    static let secret = "api-tests-secret-0123456789"

    let api: MeridianAPI
    let pool: PostgresPool
    let tenant: String
    let token: String

    init() throws {
        guard let url = ProcessInfo.processInfo.environment["MERIDIAN_TEST_POSTGRES_URL"], !url.isEmpty else {
            throw MissingEnvironment()
        }
        pool = PostgresPool(configuration: PostgresConfiguration(connectionString: url), maximumConnections: 2)
        try pool.withConnection { try Migrator(migrations: SchedulerSchema.migrations).migrate(on: $0) }

        tenant = "api-" + UUID().uuidString.prefix(8).lowercased()
        token = TokenAuthority(secret: Self.secret).mint(
            tenant: tenant, now: Int64(Date().timeIntervalSince1970), lifetimeSeconds: 600)
        api = MeridianAPI(
            configuration: .init(region: "api-tests", shardCount: 8, jwtSecret: Self.secret), pool: pool,
            metrics: MetricsRegistry(), readiness: { [("postgres", true)] })
    }

    deinit {
        pool.close()
    }

    /// Sends a request as the harness's tenant (or with `authorization` when given).
    func send(
        _ method: String, _ path: String, body: String? = nil, authorization: String? = nil,
        headers: [String: String] = [:]
    ) -> HTTPResponse {
        let parts = path.split(separator: "?", maxSplits: 1)
        var query: [String: String] = [:]
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") {
                let keyValue = pair.split(separator: "=", maxSplits: 1).map(String.init)
                query[keyValue[0]] = keyValue.count == 2 ? keyValue[1].removingPercentEncoding ?? keyValue[1] : ""
            }
        }
        var request = HTTPRequest(method: method, path: String(parts[0]), query: query)
        request.headers["authorization"] = authorization ?? "Bearer \(token)"
        for (name, value) in headers { request.headers[name] = value }
        request.body = Array((body ?? "").utf8)
        return api.handle(request)
    }

    /// The response body as a JSON object.
    static func json(_ response: HTTPResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:]
    }

    func jobCount() throws -> Int {
        try pool.withConnection { connection in
            try connection.query("select count(*) as n from jobs where tenant = $1", [tenant]).rows[0].int("n")
        }
    }
}
