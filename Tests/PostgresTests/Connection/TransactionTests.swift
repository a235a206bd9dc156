import Postgres
import Testing

@Suite struct TransactionTests {
    struct Abort: Error {}

    private func makeTable(_ connection: PostgresConnection) throws -> String {
        let table = TestDatabase.uniqueName("transaction_test")
        try connection.executeScript("CREATE TABLE \(table) (n int)")
        return table
    }

    private func count(_ table: String, _ connection: PostgresConnection) throws -> Int {
        try connection.query("SELECT count(*) AS c FROM \(table)").rows[0].int("c")
    }

    @Test func commitsWhenTheBodyReturns() throws {
        let connection = try TestDatabase.connect()
        let table = try makeTable(connection)
        defer { _ = try? connection.executeScript("DROP TABLE \(table)") }

        let value = try connection.transaction { transaction in
            try transaction.execute("INSERT INTO \(table) VALUES ($1)", [1])
        }
        #expect(value == 1)
        #expect(try count(table, connection) == 1)
    }

    @Test func rollsBackAndRethrowsWhenTheBodyThrows() throws {
        let connection = try TestDatabase.connect()
        let table = try makeTable(connection)
        defer { _ = try? connection.executeScript("DROP TABLE \(table)") }

        #expect(throws: Abort.self) {
            try connection.transaction { transaction in
                try transaction.execute("INSERT INTO \(table) VALUES ($1)", [1])
                throw Abort()
            }
        }
        #expect(try count(table, connection) == 0)
        #expect(connection.isUsable)
    }

    @Test func swallowedStatementErrorsPreventTheCommit() throws {
        let connection = try TestDatabase.connect()
        let table = try makeTable(connection)
        defer { _ = try? connection.executeScript("DROP TABLE \(table)") }

        let error = try #require(throws: PostgresError.self) {
            try connection.transaction { transaction in
                try transaction.execute("INSERT INTO \(table) VALUES ($1)", [1])
                _ = try? transaction.query("SELECT 1 / 0")
            }
        }
        #expect(error.code == .queryFailed)
        #expect(try count(table, connection) == 0)
        #expect(connection.isUsable)
    }

    @Test func nestedTransactionsRollBackOnlyTheirOwnWork() throws {
        let connection = try TestDatabase.connect()
        let table = try makeTable(connection)
        defer { _ = try? connection.executeScript("DROP TABLE \(table)") }

        try connection.transaction { outer in
            try outer.execute("INSERT INTO \(table) VALUES (1)")
            _ = try? outer.transaction { inner in
                try inner.execute("INSERT INTO \(table) VALUES (2)")
                throw Abort()
            }
            try outer.transaction { inner in try inner.execute("INSERT INTO \(table) VALUES (3)") }
        }

        let values = try connection.query("SELECT n FROM \(table) ORDER BY n").rows.map { try $0.int("n") }
        #expect(values == [1, 3])
    }
}
