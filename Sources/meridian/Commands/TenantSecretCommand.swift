import API
import Postgres
import Scheduler

/// `meridian tenant-secret --tenant T [--postgres URL | --config FILE]`: prints the tenant's callback signing
/// secret, creating it on first use. Without `--postgres` or `--config` the database is `MERIDIAN_POSTGRES_URL`,
/// else the local deployment's.
enum TenantSecretCommand {
    static func run(_ arguments: [String]) throws -> Int32 {
        let options = try Arguments(arguments)
        try options.rejectUnknown(["postgres", "config", "tenant"])
        let tenant = try options.required("tenant")
        guard TenantName.isValid(tenant) else {
            throw UsageError("--tenant must be 1-64 letters, digits, '-', '_' or '.'")
        }

        let url: String
        if let path = options.value("config") {
            url = try NodeConfiguration.load(path: path).postgresURL
        } else if let given = options.value("postgres") ?? LocalDefaults.postgresURL() {
            url = given
        } else {
            throw UsageError(
                "no database: pass --postgres URL or --config NODE.json, set MERIDIAN_POSTGRES_URL, "
                    + "or start `meridian dev up`"
            )
        }
        let pool = PostgresPool(configuration: PostgresConfiguration(connectionString: url), maximumConnections: 1)
        defer { pool.close() }
        print(try TenantStore(pool: pool).signingSecret(tenant: tenant))
        return 0
    }
}
