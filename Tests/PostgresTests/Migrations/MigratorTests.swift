import Dispatch
import Postgres
import Testing

@Suite struct MigratorTests {
    /// A connection whose unqualified names resolve to a fresh schema, so tests never share
    /// `schema_migrations`.
    private func connect(schema: String) throws -> PostgresConnection {
        let connection = try TestDatabase.connect()
        try connection.executeScript("CREATE SCHEMA IF NOT EXISTS \(schema); SET search_path TO \(schema)")
        return connection
    }

    private let migrations = [
        Migration(
            version: 1, name: "create items", sql: "CREATE TABLE items (id int PRIMARY KEY); CREATE TABLE log (n int)"),
        Migration(version: 2, name: "log once", sql: "INSERT INTO log VALUES (2)"),
        Migration(
            version: 5, name: "add name", sql: "ALTER TABLE items ADD COLUMN name text; INSERT INTO log VALUES (5)"),
    ]

    @Test func appliesPendingMigrationsOnceAndIsIdempotent() throws {
        let schema = TestDatabase.uniqueName("migrator")
        let connection = try connect(schema: schema)
        defer { _ = try? connection.executeScript("DROP SCHEMA \(schema) CASCADE") }
        let migrator = Migrator(migrations: migrations)

        #expect(try migrator.migrate(on: connection) == [1, 2, 5])
        #expect(try migrator.migrate(on: connection) == [])
        #expect(try migrator.appliedVersions(on: connection) == [1, 2, 5])

        let names = try connection.query("SELECT name FROM schema_migrations ORDER BY version").rows
        #expect(try names.map { try $0.string("name") } == ["create items", "log once", "add name"])
        #expect(try connection.query("SELECT n FROM log ORDER BY n").rows.map { try $0.int("n") } == [2, 5])
    }

    @Test func appliesOnlyMigrationsAddedLater() throws {
        let schema = TestDatabase.uniqueName("migrator")
        let connection = try connect(schema: schema)
        defer { _ = try? connection.executeScript("DROP SCHEMA \(schema) CASCADE") }

        #expect(try Migrator(migrations: Array(migrations.prefix(2))).migrate(on: connection) == [1, 2])
        #expect(try Migrator(migrations: migrations).migrate(on: connection) == [5])
    }

    @Test func failingMigrationLeavesEarlierOnesAppliedAndItselfUndone() throws {
        let schema = TestDatabase.uniqueName("migrator")
        let connection = try connect(schema: schema)
        defer { _ = try? connection.executeScript("DROP SCHEMA \(schema) CASCADE") }
        let broken = Migration(version: 3, name: "broken", sql: "INSERT INTO log VALUES (3); SELECT 1 / 0")

        let error = try #require(throws: PostgresError.self) {
            try Migrator(migrations: Array(migrations.prefix(2)) + [broken]).migrate(on: connection)
        }
        #expect(error.sqlState == "22012")
        #expect(try Migrator(migrations: []).appliedVersions(on: connection) == [1, 2])
        #expect(try connection.query("SELECT n FROM log ORDER BY n").rows.map { try $0.int("n") } == [2])
    }

    @Test func concurrentMigratorsDoNotApplyTwice() throws {
        let schema = TestDatabase.uniqueName("migrator")
        let admin = try connect(schema: schema)
        defer { _ = try? admin.executeScript("DROP SCHEMA \(schema) CASCADE") }
        let migrator = Migrator(migrations: migrations)
        let start = DispatchSemaphore(value: 0)
        let results = SharedBox<[[Int]]>([])
        let failures = SharedBox(0)

        let nodes = try (0..<3).map { _ in
            let connection = try connect(schema: schema)
            return BackgroundThread {
                start.wait()
                do {
                    let applied = try migrator.migrate(on: connection)
                    results.update { $0.append(applied) }
                } catch {
                    failures.update { $0 += 1 }
                }
            }
        }
        for _ in nodes { start.signal() }

        #expect(nodes.allSatisfy { $0.join(timeout: .seconds(30)) })
        #expect(failures.value == 0)
        #expect(results.value.flatMap { $0 }.sorted() == [1, 2, 5])
        #expect(try admin.query("SELECT n FROM log ORDER BY n").rows.map { try $0.int("n") } == [2, 5])
    }
}
