/// One versioned schema change.
public struct Migration: Sendable {
    /// Unique, ascending version number; the order of application.
    public var version: Int

    /// Short human name, stored in `schema_migrations`.
    public var name: String

    /// SQL script run inside a transaction (several statements allowed; no `CONCURRENTLY`).
    public var sql: String

    /// Creates a migration.
    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}
