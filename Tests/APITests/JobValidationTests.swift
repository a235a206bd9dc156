import Foundation
import HTTP
import Testing

@testable import API

/// Every kind of bad input gets a 4xx problem naming what is wrong, and writes nothing.
@Suite struct JobValidationTests {
    static let valid = #"{"name":"n","schedule":"*/5 * * * *","target":{"url":"https://example.com/hook"}}"#

    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var body: String
        var status: Int
        var code: String
        var field: String?
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "malformed JSON", body: #"{"name":"#, status: 400, code: "malformed_json"),
        Case(label: "empty body", body: "", status: 400, code: "malformed_json"),
        Case(
            label: "deeply nested arrays", body: String(repeating: "[", count: 100_000), status: 400,
            code: "malformed_json"),
        Case(
            label: "deeply nested objects", body: String(repeating: #"{"a":"#, count: 50_000), status: 400,
            code: "malformed_json"),
        Case(label: "unterminated string", body: "{\"name\":\"\u{FFFD}\"", status: 400, code: "malformed_json"),
        Case(label: "array body", body: "[1]", status: 400, code: "validation_failed", field: "body"),
        Case(
            label: "unknown field",
            body: #"{"name":"n","schedule":"* * * * *","target":{"url":"https://e.com"},"colour":1}"#, status: 400,
            code: "validation_failed", field: "colour"),
        Case(
            label: "read-only field",
            body: #"{"id":"x","name":"n","schedule":"* * * * *","target":{"url":"https://e.com"}}"#, status: 400,
            code: "validation_failed", field: "id"),
        Case(
            label: "missing name", body: #"{"schedule":"* * * * *","target":{"url":"https://e.com"}}"#, status: 400,
            code: "validation_failed", field: "name"),
        Case(
            label: "empty name", body: #"{"name":" ","schedule":"* * * * *","target":{"url":"https://e.com"}}"#,
            status: 400, code: "validation_failed", field: "name"),
        Case(
            label: "name of wrong type", body: #"{"name":5,"schedule":"* * * * *","target":{"url":"https://e.com"}}"#,
            status: 400, code: "validation_failed", field: "name"),
        Case(
            label: "invalid cron", body: #"{"name":"n","schedule":"61 * * * *","target":{"url":"https://e.com"}}"#,
            status: 400, code: "validation_failed", field: "schedule"),
        Case(
            label: "zero step", body: #"{"name":"n","schedule":"*/0 * * * *","target":{"url":"https://e.com"}}"#,
            status: 400, code: "validation_failed", field: "schedule"),
        Case(
            label: "invalid time zone",
            body: #"{"name":"n","schedule":"* * * * *","timeZone":"Mars/Base","target":{"url":"https://e.com"}}"#,
            status: 400, code: "validation_failed", field: "timeZone"),
        Case(
            label: "missing target", body: #"{"name":"n","schedule":"* * * * *"}"#, status: 400,
            code: "validation_failed", field: "target"),
        Case(
            label: "non-http URL", body: #"{"name":"n","schedule":"* * * * *","target":{"url":"ftp://e.com/x"}}"#,
            status: 400, code: "validation_failed", field: "target.url"),
        Case(
            label: "relative URL", body: #"{"name":"n","schedule":"* * * * *","target":{"url":"/hook"}}"#, status: 400,
            code: "validation_failed", field: "target.url"),
        Case(
            label: "bad method",
            body: #"{"name":"n","schedule":"* * * * *","target":{"url":"https://e.com","method":"TRACE"}}"#,
            status: 400, code: "validation_failed", field: "target.method"),
        Case(
            label: "reserved header",
            body: #"{"name":"n","schedule":"* * * * *","target":{"url":"https://e.com","headers":{"webhook-id":"x"}}}"#,
            status: 400, code: "validation_failed", field: "target.headers.webhook-id"),
        Case(
            label: "timeout out of range",
            body: #"{"name":"n","schedule":"* * * * *","target":{"url":"https://e.com","timeoutMs":0}}"#,
            status: 400, code: "validation_failed", field: "target.timeoutMs"),
        Case(
            label: "retry maxDelay below initial",
            body:
                #"{"name":"n","schedule":"* * * * *","target":{"url":"https://e.com"},"retry":{"initialDelayMs":500,"maxDelayMs":100}}"#,
            status: 400, code: "validation_failed", field: "retry.maxDelayMs"),
        Case(
            label: "priority out of range",
            body: #"{"name":"n","schedule":"* * * * *","target":{"url":"https://e.com"},"priority":12}"#, status: 400,
            code: "validation_failed", field: "priority"),
        Case(
            label: "one-shot in the past",
            body: #"{"name":"n","schedule":"@at 2001-01-01T00:00:00Z","target":{"url":"https://e.com"}}"#, status: 400,
            code: "validation_failed", field: "schedule"),
    ]

    @Test(arguments: cases)
    func badCreateBodiesAreRejectedWithoutWriting(_ testCase: Case) throws {
        let harness = try APIHarness()
        let response = harness.send("POST", "/v1/jobs", body: testCase.body)

        #expect(response.status == testCase.status)
        #expect(response.headers["content-type"]?.hasPrefix("application/problem+json") == true)
        let problem = APIHarness.json(response)
        #expect(problem["code"] as? String == testCase.code)
        #expect(problem["field"] as? String == testCase.field)
        #expect((problem["detail"] as? String)?.isEmpty == false)
        #expect(try harness.jobCount() == 0)
    }

    @Test(arguments: [
        ("missing header", nil as String?), ("not bearer", "Basic abc"), ("garbage token", "Bearer abc.def.ghi"),
        (
            "wrong secret",
            "Bearer "
                + TokenAuthority(secret: "another-secret-0123456789").mint(
                    tenant: "t", now: Int64(Date().timeIntervalSince1970), lifetimeSeconds: 60)
        ),
        (
            "expired",
            "Bearer "
                + TokenAuthority(secret: APIHarness.secret).mint(
                    tenant: "t", now: Int64(Date().timeIntervalSince1970) - 7_200, lifetimeSeconds: 60)
        ),
    ])
    func requestsWithoutAValidTokenGet401(label: String, authorization: String?) throws {
        let harness = try APIHarness()
        var request = HTTPRequest(method: "POST", path: "/v1/jobs", body: Array(Self.valid.utf8))
        if let authorization { request.headers["authorization"] = authorization }
        let response = harness.api.handle(request)

        #expect(response.status == 401)
        #expect(APIHarness.json(response)["code"] as? String == "unauthorized")
        #expect(try harness.jobCount() == 0)
    }

    @Test func scheduleErrorsNameTheCronFieldPositionAndCode() throws {
        let harness = try APIHarness()
        let body = #"{"name":"n","schedule":"*/5 24 * * *","target":{"url":"https://example.com"}}"#
        let problem = APIHarness.json(harness.send("POST", "/v1/jobs", body: body))

        #expect(problem["field"] as? String == "schedule")
        #expect(problem["subfield"] as? String == "hour")
        #expect(problem["position"] as? Int == 4)
        #expect(problem["reason"] as? String == "outOfRange")
    }

    @Test func malformedIdInPathIsA400NamingTheId() throws {
        let harness = try APIHarness()
        let response = harness.send("GET", "/v1/jobs/not-a-uuid")
        #expect(response.status == 400)
        #expect(APIHarness.json(response)["field"] as? String == "id")
    }

    @Test func badPagingParametersNameTheField() throws {
        let harness = try APIHarness()
        #expect(APIHarness.json(harness.send("GET", "/v1/jobs?limit=0"))["field"] as? String == "limit")
        #expect(APIHarness.json(harness.send("GET", "/v1/jobs?cursor=zzz"))["field"] as? String == "cursor")
    }
}
