import HTTP
import Testing

@Suite struct HTTPHeadersTests {
    @Test func lookupIgnoresCaseAndReturnsTheFirstMatch() {
        var headers: HTTPHeaders = ["Content-Type": "text/plain"]
        headers.add("X-Tag", "one")
        headers.add("x-tag", "two")

        #expect(headers["content-type"] == "text/plain")
        #expect(headers["X-TAG"] == "one")
        #expect(headers.values(for: "x-Tag") == ["one", "two"])
        #expect(headers["missing"] == nil)
    }

    @Test func settingReplacesEveryFieldOfThatName() {
        var headers = HTTPHeaders()
        headers.add("X-Tag", "one")
        headers.add("Accept", "*/*")
        headers.add("x-tag", "two")

        headers["X-TAG"] = "three"
        #expect(headers.values(for: "x-tag") == ["three"])
        #expect(headers.map(\.name) == ["Accept", "X-TAG"])
    }

    @Test func settingNilRemovesTheField() {
        var headers: HTTPHeaders = ["A": "1", "B": "2"]
        headers["a"] = nil

        #expect(headers["A"] == nil)
        #expect(headers.count == 1)
        #expect(!headers.contains("a"))
    }

    @Test func iterationKeepsInsertionOrder() {
        let headers: HTTPHeaders = ["Z": "1", "A": "2", "M": "3"]
        #expect(headers.map(\.name) == ["Z", "A", "M"])
        #expect(headers.map(\.value) == ["1", "2", "3"])
    }

    @Test func namesOfDifferentLengthOrLettersDoNotMatch() {
        let headers: HTTPHeaders = ["Content-Type": "x"]
        #expect(headers["Content-Typ"] == nil)
        #expect(headers["Content-Tape"] == nil)
    }
}
