import Foundation
import Postgres
import Testing

@Suite struct PostgresConnectionTests {
    @Test func uniqueViolationReportsSQLStateAndConstraintWithoutValues() throws {
        let connection = try TestDatabase.connect()
        let table = TestDatabase.uniqueName("unique_test")
        try connection.executeScript("CREATE TABLE \(table) (key text PRIMARY KEY)")
        defer { _ = try? connection.executeScript("DROP TABLE \(table)") }

        #expect(try connection.execute("INSERT INTO \(table) VALUES ($1)", ["secret-key"]) == 1)
        let error = try #require(throws: PostgresError.self) {
            try connection.execute("INSERT INTO \(table) VALUES ($1)", ["secret-key"])
        }

        #expect(error.code == .queryFailed)
        #expect(error.sqlState == "23505")
        #expect(error.isUniqueViolation)
        #expect(!error.isConnectionLost)
        #expect(error.constraintName == "\(table)_pkey")
        #expect(!error.description.contains("secret-key"))
        #expect(connection.isUsable)
    }

    @Test func serverMessagesNeverEchoParameterValues() throws {
        let connection = try TestDatabase.connect()
        let error = try #require(throws: PostgresError.self) {
            try connection.query("SELECT $1::int AS v", ["secret-not-a-number"])
        }
        #expect(error.sqlState == "22P02")
        #expect(!error.description.contains("secret-not-a-number"))
    }

    @Test func statementTimeoutMapsToTimeoutAndKeepsTheConnection() throws {
        var configuration = try TestDatabase.configuration()
        configuration.statementTimeout = .milliseconds(100)
        let connection = try PostgresConnection(configuration: configuration)

        let start = ContinuousClock.now
        let error = try #require(throws: PostgresError.self) { try connection.query("SELECT pg_sleep(10)") }
        #expect(error.code == .timeout)
        #expect(error.sqlState == "57014")
        #expect(ContinuousClock.now - start < .seconds(5))

        #expect(connection.isUsable)
        #expect(try connection.query("SELECT 1 AS one").rows.first?.int("one") == 1)
    }

    @Test func sessionRunsInUTCWithISODates() throws {
        let connection = try TestDatabase.connect()
        let sql = """
            SELECT current_setting('TimeZone') AS tz, current_setting('DateStyle') AS ds,
                current_setting('application_name') AS app
            """
        let row = try #require(try connection.query(sql).rows.first)
        #expect(try row.string("tz") == "UTC")
        #expect(try row.string("ds").hasPrefix("ISO"))
        #expect(try row.string("app") == "meridian")
    }

    @Test func resultsReportColumnsAndAffectedRows() throws {
        let connection = try TestDatabase.connect()
        let table = TestDatabase.uniqueName("affected_test")
        try connection.executeScript("CREATE TABLE \(table) (n int); INSERT INTO \(table) SELECT generate_series(1, 5)")
        defer { _ = try? connection.executeScript("DROP TABLE \(table)") }

        #expect(try connection.execute("UPDATE \(table) SET n = n + 1 WHERE n > $1", [2]) == 3)
        let result = try connection.query("SELECT n, n * 2 AS doubled FROM \(table) ORDER BY n")
        #expect(result.columns == ["n", "doubled"])
        #expect(result.rows.count == 5)
        #expect(result.affectedRows == 5)
    }

    @Test func queryRejectsSeveralStatementsButScriptsRunThem() throws {
        let connection = try TestDatabase.connect()
        #expect(throws: PostgresError.self) { try connection.query("SELECT 1; SELECT 2") }
        try connection.executeScript("SELECT 1; SELECT 2")
        #expect(connection.isUsable)
    }

    @Test func nulBytesInParametersAreRejectedBeforeSending() throws {
        let connection = try TestDatabase.connect()
        let error = try #require(throws: PostgresError.self) { try connection.query("SELECT $1::text", ["a\u{0}b"]) }
        #expect(error.message.contains("$1"))
    }

    @Test func closedConnectionsThrowClosed() throws {
        let connection = try TestDatabase.connect()
        #expect(connection.backendPID > 0)
        connection.close()
        connection.close()

        let error = try #require(throws: PostgresError.self) { try connection.query("SELECT 1") }
        #expect(error.code == .closed)
        #expect(!connection.isUsable)
        #expect(connection.backendPID == 0)
    }

    @Test func unreachableServerFailsToConnectWithoutThePassword() throws {
        var configuration = PostgresConfiguration(
            connectionString: "postgres://meridian:hunter2-secret@127.0.0.1:55409/none")
        configuration.connectTimeout = .seconds(2)

        let error = try #require(throws: PostgresError.self) { try PostgresConnection(configuration: configuration) }
        #expect(error.code == .connectionFailed)
        #expect(error.isConnectionLost)
        #expect(!error.message.isEmpty)
        #expect(!error.description.contains("hunter2"))
    }

    @Test func terminatedBackendIsReportedAsConnectionLost() throws {
        let connection = try TestDatabase.connect()
        let error = try #require(throws: PostgresError.self) {
            try connection.query("SELECT pg_terminate_backend(pg_backend_pid())")
        }
        #expect(error.isConnectionLost)
        #expect(error.code == .connectionFailed)
        #expect(!connection.isUsable)
    }
}
