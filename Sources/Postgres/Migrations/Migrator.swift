/// Applies `Migration`s in version order and records them in `schema_migrations`.
///
/// Safe to run from several nodes at once: every step holds a transaction-scoped advisory lock on a
/// fixed key, and a migration is applied only if its version is not yet recorded, inside the same
/// transaction that records it. Versions found in the table but unknown here are left alone.
public struct Migrator: Sendable {
    /// Advisory lock key shared by every Meridian node: the ASCII bytes of "meridian".
    static let lockKey: Int64 = 0x6D65_7269_6469_616E

    private static let createTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version integer PRIMARY KEY,
            name text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """
    private static let lock = "SELECT pg_advisory_xact_lock($1)"
    private static let selectVersions = "SELECT version FROM schema_migrations ORDER BY version"
    private static let isApplied = "SELECT 1 FROM schema_migrations WHERE version = $1"
    private static let record = "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)"

    /// Migrations sorted by version.
    public let migrations: [Migration]

    /// Creates a migrator. Versions must be unique and given in ascending order (precondition).
    public init(migrations: [Migration]) {
        let isAscending = zip(migrations, migrations.dropFirst()).allSatisfy { $0.version < $1.version }
        precondition(isAscending, "migration versions must be unique and ascending")
        self.migrations = migrations
    }

    /// Applies every pending migration, each in its own transaction, and returns the versions this
    /// call applied (empty when up to date). Must not be called inside a transaction. Throws the
    /// first failing migration's `PostgresError`; earlier ones stay applied.
    @discardableResult
    public func migrate(on connection: PostgresConnection) throws -> [Int] {
        let alreadyApplied = Set(try appliedVersions(on: connection))

        var applied: [Int] = []
        for migration in migrations where !alreadyApplied.contains(migration.version) {
            if try apply(migration, on: connection) { applied.append(migration.version) }
        }
        return applied
    }

    /// Versions recorded in `schema_migrations`, ascending; creates the table if missing.
    public func appliedVersions(on connection: PostgresConnection) throws -> [Int] {
        try connection.transaction { connection in
            try connection.query(Self.lock, [Self.lockKey])
            try connection.executeScript(Self.createTable)
            return try connection.query(Self.selectVersions).rows.map { try $0.int("version") }
        }
    }

    /// Applies one migration unless another node recorded it meanwhile; returns whether it ran.
    private func apply(_ migration: Migration, on connection: PostgresConnection) throws -> Bool {
        try connection.transaction { connection in
            try connection.query(Self.lock, [Self.lockKey])
            guard try connection.query(Self.isApplied, [migration.version]).rows.isEmpty else { return false }

            try connection.executeScript(migration.sql)
            try connection.execute(Self.record, [migration.version, migration.name])
            return true
        }
    }
}
