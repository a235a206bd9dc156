import Foundation
import HTTP
import Testing

@Suite struct JSONCodingTests {
    struct Stamp: Codable, Equatable {
        var at: Date
        var url: String
    }

    @Test func encodesDatesWithMillisecondsInUTCAndKeepsSlashes() throws {
        let stamp = Stamp(at: Date(timeIntervalSince1970: 1_767_323_045.678), url: "https://a.example/b")
        let data = try JSONEncoder.meridian.encode(stamp)
        let text = String(decoding: data, as: UTF8.self)

        #expect(try JSONDecoder().decode([String: String].self, from: data)["at"] == "2026-01-02T03:04:05.678Z")
        #expect(text.contains(#""https://a.example/b""#))
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (-0.001, "1969-12-31T23:59:59.999Z"),
        (951_782_400.5, "2000-02-29T00:00:00.500Z"),
        (4_102_444_799.999, "2099-12-31T23:59:59.999Z"),
    ])
    func formatsInstants(seconds: Double, expected: String) {
        #expect(RFC3339.format(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test(arguments: [
        "2026-01-02T03:04:05.678Z",
        "2026-01-02T05:04:05.678+02:00",
        "2026-01-02t03:04:05.678z",
        "2026-01-01T22:04:05.678-05:00",
    ])
    func decodesRFC3339WithFractionsAndOffsets(text: String) throws {
        let json = Data(#"{"at":"\#(text)","url":""}"#.utf8)
        let stamp = try JSONDecoder.meridian.decode(Stamp.self, from: json)
        #expect(abs(stamp.at.timeIntervalSince1970 - 1_767_323_045.678) < 0.0005)
    }

    @Test func decodesWithoutFraction() throws {
        let json = Data(#"{"at":"2026-01-02T03:04:05Z","url":""}"#.utf8)
        #expect(try JSONDecoder.meridian.decode(Stamp.self, from: json).at.timeIntervalSince1970 == 1_767_323_045)
    }

    @Test(arguments: ["2026-01-02", "yesterday", "2026-01-02 03:04:05Z"])
    func rejectsOtherDateText(text: String) {
        let json = Data(#"{"at":"\#(text)","url":""}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder.meridian.decode(Stamp.self, from: json) }
    }
}
