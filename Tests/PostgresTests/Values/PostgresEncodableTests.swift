import Foundation
import Testing

@testable import Postgres

@Suite struct PostgresEncodableTests {
    @Test(arguments: [
        (Int64.max, "9223372036854775807"),
        (Int64.min, "-9223372036854775808"),
        (0, "0"),
    ])
    func integersAreDecimal(value: Int64, expected: String) {
        #expect(value.postgresText == expected)
        #expect(Int(value).postgresText == expected)
    }

    @Test func int32IsDecimal() {
        #expect(Int32.min.postgresText == "-2147483648")
    }

    @Test(arguments: [
        (0.1, "0.1"),
        (-2.5, "-2.5"),
        (1e300, "1e+300"),
        (Double.infinity, "Infinity"),
        (-Double.infinity, "-Infinity"),
        (Double.nan, "NaN"),
    ])
    func doublesUseInputSyntaxPostgresAccepts(value: Double, expected: String) {
        #expect(value.postgresText == expected)
    }

    @Test func booleansAreWords() {
        #expect(true.postgresText == "true")
        #expect(false.postgresText == "false")
    }

    @Test func uuidsAreLowercase() throws {
        let uuid = try #require(UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F"))
        #expect(uuid.postgresText == "e621e1f8-c36c-495a-93fc-0c247a3e6e5f")
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000000Z"),
        (1_709_294_400.25, "2024-03-01T12:00:00.250000Z"),
        (-0.000001, "1969-12-31T23:59:59.999999Z"),
        (951_782_400, "2000-02-29T00:00:00.000000Z"),
        (253_402_300_799.5, "9999-12-31T23:59:59.500000Z"),
    ])
    func datesAreRFC3339InUTCWithMicroseconds(seconds: Double, expected: String) {
        #expect(Date(timeIntervalSince1970: seconds).postgresText == expected)
    }

    @Test func integerArraysAreBraceLists() {
        #expect([1, -2, 3].postgresText == "{1,-2,3}")
        #expect([Int64.max].postgresText == "{9223372036854775807}")
        #expect([Int]().postgresText == "{}")
    }

    @Test(arguments: [
        (["a", "b"], #"{"a","b"}"#),
        (["a,b", "{c}"], #"{"a,b","{c}"}"#),
        ([#"say "hi""#, #"back\slash"#], #"{"say \"hi\"","back\\slash"}"#),
        (["NULL", "", " padded "], #"{"NULL",""," padded "}"#),
        ([String](), "{}"),
    ])
    func stringArraysQuoteEveryElement(value: [String], expected: String) {
        #expect(value.postgresText == expected)
    }
}
