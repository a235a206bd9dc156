import Testing

@testable import Postgres

/// Statements are prepared once per connection and reused; a plan made stale by a schema change is dropped.
@Suite struct PreparedStatementTests {
    private func preparedCount(_ connection: PostgresConnection) throws -> Int {
        try connection.query("select count(*)::int as n from pg_prepared_statements where name like 'meridian_%'")
            .rows[0].int("n")
    }

    @Test func repeatedStatementIsPreparedOnce() throws {
        let connection = try TestDatabase.connect()
        defer { connection.close() }

        for value in 1...5 {
            #expect(try connection.query("select $1::int + 1 as n", [value]).rows[0].int("n") == value + 1)
        }
        // The counting statement itself is prepared too.
        #expect(try preparedCount(connection) == 2)
    }

    @Test func disabledCacheRunsEverythingUnprepared() throws {
        var configuration = try TestDatabase.configuration()
        configuration.usesPreparedStatements = false
        let connection = try PostgresConnection(configuration: configuration)
        defer { connection.close() }

        _ = try connection.query("select $1::int as n", [1])
        _ = try connection.query("select $1::int as n", [2])
        #expect(try preparedCount(connection) == 0)
    }

    @Test func stalePlanFailsOnceThenIsPreparedAfresh() throws {
        let connection = try TestDatabase.connect()
        defer { connection.close() }
        let table = TestDatabase.uniqueName("prepared")
        try connection.executeScript("create table \(table) (a int); insert into \(table) values (1)")
        defer { _ = try? connection.executeScript("drop table \(table)") }

        #expect(try connection.query("select * from \(table)").columns == ["a"])
        try connection.executeScript("alter table \(table) add column b int")

        #expect(throws: PostgresError.self) { try connection.query("select * from \(table)") }
        #expect(try connection.query("select * from \(table)").columns == ["a", "b"])
    }
}
