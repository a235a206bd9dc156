import Foundation
import Postgres

/// Tenants and their callback-signing secrets. A tenant's row is created the first time it is needed.
public struct TenantStore: Sendable {
    private let pool: PostgresPool

    /// Creates a store over `pool` (the primary).
    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// The tenant's `whsec_…` signing secret, created on first use.
    public func signingSecret(tenant: String) throws -> String {
        try pool.withConnection { connection in
            if let existing = try connection.query(
                "select signing_secret from tenants where id = $1", [tenant]
            ).rows.first {
                return try existing.string("signing_secret")
            }
            try connection.execute(
                "insert into tenants (id, signing_secret) values ($1, $2) on conflict (id) do nothing",
                [tenant, WebhookSigner.makeSecret()])
            return try connection.query("select signing_secret from tenants where id = $1", [tenant]).rows[0]
                .string("signing_secret")
        }
    }
}
