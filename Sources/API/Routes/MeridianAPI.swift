import Foundation
import HTTP
import Postgres
import Scheduler
import Telemetry

/// The REST API of one node: routes, authentication, request metrics and problem responses.
public final class MeridianAPI: Sendable {
    /// What the API needs to know about its node.
    public struct Configuration: Sendable {
        /// Region new jobs are homed in.
        public var region: String
        /// Shards per region, to place new jobs.
        public var shardCount: Int
        /// HS256 secret of bearer tokens.
        public var jwtSecret: String

        public init(region: String, shardCount: Int, jwtSecret: String) {
            self.region = region
            self.shardCount = shardCount
            self.jwtSecret = jwtSecret
        }
    }

    /// Checks the node's dependencies for `/readyz`: a name and whether it is usable.
    public typealias ReadinessCheck = @Sendable () -> [(name: String, isReady: Bool)]

    private let router: Router
    private let requestDurations: HistogramFamily

    /// - Parameters:
    ///   - cluster: serves `GET /v1/cluster` when given.
    ///   - logger: receives requests that failed with an unexpected error (answered 500).
    public init(
        configuration: Configuration, pool: PostgresPool, metrics: MetricsRegistry,
        readiness: @escaping ReadinessCheck, cluster: ClusterRoutes? = nil, logger: Logger = .silent
    ) {
        requestDurations = metrics.histogram(
            "meridian_http_request_duration_seconds", help: "API request duration by route and status.",
            labels: ["method", "route", "status"])

        var router = Router()
        router.add("GET", "/healthz") { _ in .json(["status": "ok"]) }
        router.add("GET", "/readyz") { _ in Self.ready(readiness()) }
        router.add("GET", "/metrics") { _ in
            .text(metrics.exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }

        let authenticator = Authenticator(tokens: TokenAuthority(secret: configuration.jwtSecret), logger: logger)
        let tenants = TenantStore(pool: pool)
        JobRoutes(
            region: configuration.region, shardCount: configuration.shardCount, jobs: JobStore(pool: pool),
            fires: FireStore(pool: pool), tenants: tenants, authenticator: authenticator
        ).register(on: &router)
        ScheduleRoutes(authenticator: authenticator).register(on: &router)
        router.add(
            "GET", "/v1/signing-secret",
            authenticator.require { _, tenant in
                .json(["tenant": tenant, "secret": try tenants.signingSecret(tenant: tenant)])
            })
        cluster?.register(on: &router, authenticator: authenticator)
        self.router = router
    }

    /// Answers one request. Never throws: every failure becomes a problem response.
    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        let started = DispatchTime.now().uptimeNanoseconds
        let response = router.handle(request)
        let route = router.routePattern(for: request) ?? "unmatched"

        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        requestDurations.observe(seconds, request.method, route, String(response.status))
        return response
    }

    private static func ready(_ checks: [(name: String, isReady: Bool)]) -> HTTPResponse {
        var body: [String: String] = [:]
        for check in checks { body[check.name] = check.isReady ? "ok" : "unavailable" }
        let isReady = checks.allSatisfy(\.isReady)
        body["status"] = isReady ? "ready" : "not ready"
        return .json(body, status: isReady ? 200 : 503)
    }
}
