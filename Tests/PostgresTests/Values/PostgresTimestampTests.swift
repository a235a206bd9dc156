import Foundation
import Testing

@testable import Postgres

@Suite struct PostgresTimestampTests {
    @Test(arguments: [
        ("2024-03-01 12:00:00+00", 1_709_294_400.0),
        ("2024-03-01 12:00:00.25+00", 1_709_294_400.25),
        ("2024-03-01T12:00:00.123456Z", 1_709_294_400.123456),
        ("2024-03-01 14:30:00+02:30", 1_709_294_400.0),
        ("2024-03-01 07:00:00-05", 1_709_294_400.0),
        ("2024-03-01 12:00:00", 1_709_294_400.0),
        ("1969-12-31 23:59:59.5+00", -0.5),
        ("2024-03-01", 1_709_251_200.0),
        ("1900-01-01 00:00:00+00:00:00", -2_208_988_800.0),
    ])
    func parsesISOOutput(text: String, seconds: Double) throws {
        let date = try #require(PostgresTimestamp.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_001)
    }

    @Test(arguments: [
        "infinity", "-infinity", "2024-03-01 12:00:00 BC", "03/01/2024", "2024-13-01", "2024-03-01 12:00",
    ])
    func rejectsNonISOText(text: String) {
        #expect(PostgresTimestamp.parse(text) == nil)
    }

    @Test func formatAndParseRoundTripAcrossCenturies() throws {
        for seconds in stride(from: -5_000_000_000.0, to: 10_000_000_000.0, by: 86_399.123_457) {
            let date = Date(timeIntervalSince1970: seconds)
            let parsed = try #require(PostgresTimestamp.parse(PostgresTimestamp.format(date)))
            #expect(abs(parsed.timeIntervalSince1970 - seconds) < 0.000_002)
        }
    }
}
