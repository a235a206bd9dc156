import API
import Postgres
import Scheduler

/// `meridian tenant-secret --postgres URL --tenant T`: prints the tenant's callback signing secret, creating
/// it on first use.
enum TenantSecretCommand {
    static func run(_ arguments: [String]) throws -> Int32 {
        let options = try Arguments(arguments)
        try options.rejectUnknown(["postgres", "tenant"])
        let tenant = try options.required("tenant")
        guard TenantName.isValid(tenant) else {
            throw UsageError("--tenant must be 1-64 letters, digits, '-', '_' or '.'")
        }

        let pool = PostgresPool(
            configuration: PostgresConfiguration(connectionString: try options.required("postgres")),
            maximumConnections: 1)
        defer { pool.close() }
        print(try TenantStore(pool: pool).signingSecret(tenant: tenant))
        return 0
    }
}
