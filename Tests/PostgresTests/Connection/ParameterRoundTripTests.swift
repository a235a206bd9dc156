import Foundation
import Postgres
import Testing

/// Every `PostgresEncodable` type sent as a parameter comes back unchanged through the row decoders.
@Suite struct ParameterRoundTripTests {
    @Test(arguments: ["", "plain", "héllo wörld 🌍 中文", #"it's "quoted" \ back\slash"#, "NULL", "line\nbreak\ttab"])
    func stringsRoundTrip(value: String) throws {
        let connection = try TestDatabase.connect()
        let row = try #require(try connection.query("SELECT $1::text AS v", [value]).rows.first)
        #expect(try row.string("v") == value)
    }

    @Test(arguments: [Int.min, -1, 0, Int.max])
    func integersRoundTrip(value: Int) throws {
        let connection = try TestDatabase.connect()
        let row = try #require(
            try connection.query("SELECT $1::int8 AS v, $2::int4 AS w", [value, Int32(-7)]).rows.first)
        #expect(try row.int("v") == value)
        #expect(try row.int64("v") == Int64(value))
        #expect(try row.int("w") == -7)
    }

    @Test(arguments: [0.1, -2.5e-300, 1.7976931348623157e308, Double.infinity, -Double.infinity])
    func doublesRoundTrip(value: Double) throws {
        let connection = try TestDatabase.connect()
        let row = try #require(try connection.query("SELECT $1::float8 AS v", [value]).rows.first)
        #expect(try row.double("v") == value)
    }

    @Test func notANumberRoundTrips() throws {
        let connection = try TestDatabase.connect()
        let row = try #require(try connection.query("SELECT $1::float8 AS v", [Double.nan]).rows.first)
        #expect(try row.double("v").isNaN)
    }

    @Test func booleansRoundTrip() throws {
        let connection = try TestDatabase.connect()
        let row = try #require(try connection.query("SELECT $1::bool AS t, $2::bool AS f", [true, false]).rows.first)
        #expect(try row.bool("t"))
        #expect(try !row.bool("f"))
    }

    @Test(arguments: [0.0, 1_709_294_400.123456, -1_000_000.5, 4_102_444_800.000001])
    func datesRoundTripWithMicroseconds(seconds: Double) throws {
        let connection = try TestDatabase.connect()
        let date = Date(timeIntervalSince1970: seconds)
        let row = try #require(try connection.query("SELECT $1::timestamptz AS v", [date]).rows.first)
        #expect(abs(try row.date("v").timeIntervalSince1970 - seconds) < 0.000_002)
    }

    @Test func timestampsWithOffsetsDecodeToTheSameInstant() throws {
        let connection = try TestDatabase.connect()
        let sql = "SELECT '2024-03-01 14:00:00.5+02'::timestamptz AS v, now() AS n"
        let row = try #require(try connection.query(sql).rows.first)
        #expect(try row.date("v") == Date(timeIntervalSince1970: 1_709_294_400.5))
        #expect(abs(try row.date("n").timeIntervalSinceNow) < 60)
    }

    @Test func uuidsRoundTrip() throws {
        let connection = try TestDatabase.connect()
        let uuid = UUID()
        let row = try #require(try connection.query("SELECT $1::uuid AS v", [uuid]).rows.first)
        #expect(try row.uuid("v") == uuid)
    }

    @Test(arguments: [[Int](), [1], [3, -2, Int.max]])
    func integerArraysRoundTrip(value: [Int]) throws {
        let connection = try TestDatabase.connect()
        let sql = "SELECT v FROM unnest($1::int8[]) WITH ORDINALITY AS t(v, i) ORDER BY i"
        let rows = try connection.query(sql, [value]).rows
        #expect(try rows.map { try $0.int("v") } == value)

        let wide = try connection.query(sql, [value.map(Int64.init)]).rows
        #expect(try wide.map { try $0.int64("v") } == value.map(Int64.init))
    }

    @Test(arguments: [
        [String](), ["a,b", "{c}", #"say "hi""#, #"back\slash"#, "NULL", "", " padded ", "ünï 🌍", "x y"],
    ])
    func stringArraysRoundTrip(value: [String]) throws {
        let connection = try TestDatabase.connect()
        let sql = "SELECT v FROM unnest($1::text[]) WITH ORDINALITY AS t(v, i) ORDER BY i"
        let rows = try connection.query(sql, [value]).rows
        #expect(try rows.map { try $0.string("v") } == value)
    }

    @Test func nullParametersComeBackAsNil() throws {
        let connection = try TestDatabase.connect()
        let row = try #require(
            try connection.query("SELECT $1::text AS s, $2::int8 AS i, $3::timestamptz AS d", [nil, nil, nil]).rows
                .first)
        #expect(row["s"] == nil)
        #expect(try row.optionalString("s") == nil)
        #expect(try row.optionalInt("i") == nil)
        #expect(try row.optionalInt64("i") == nil)
        #expect(try row.optionalDate("d") == nil)

        #expect(throws: PostgresError.self) { try row.string("s") }
    }

    @Test func decodingErrorsNameTheColumnButNotTheValue() throws {
        let connection = try TestDatabase.connect()
        let row = try #require(try connection.query("SELECT 'secret-value'::text AS word").rows.first)

        let error = try #require(throws: PostgresError.self) { try row.int("word") }
        #expect(error.code == .decoding)
        #expect(error.message.contains("\"word\""))
        #expect(!error.description.contains("secret-value"))

        let missing = try #require(throws: PostgresError.self) { try row.string("absent") }
        #expect(missing.message.contains("absent"))
    }
}
