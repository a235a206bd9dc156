import Testing

@testable import Postgres

@Suite struct ConnectionParametersTests {
    @Test(arguments: [
        "postgres://meridian:s3cr%40t@127.0.0.1:1/db",
        "host=127.0.0.1 port=1 user=meridian password=s3cr@t dbname=db",
    ])
    func redactsPasswordsFromMessages(connectionString: String) {
        let message = "could not connect with password s3cr@t\nsecond line\n"
        let redacted = ConnectionParameters.redact(message, connectionString: connectionString)
        #expect(!redacted.contains("s3cr"))
        #expect(redacted.hasSuffix("; second line"))
    }

    @Test func configurationDefaultsComeBeforeTheConnectionString() {
        var configuration = PostgresConfiguration(connectionString: "postgres://x")
        configuration.connectTimeout = .milliseconds(1500)
        let parameters = ConnectionParameters(configuration)
        #expect(parameters.keywords.suffix(2) == ["dbname", "application_name"])
        #expect(parameters.values[parameters.keywords.firstIndex(of: "dbname")!] == "postgres://x")
        #expect(parameters.values[parameters.keywords.firstIndex(of: "connect_timeout")!] == "2")
        #expect(parameters.keywords.contains("keepalives_idle"))
    }
}
