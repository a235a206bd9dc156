import Foundation
import HTTP
import Testing

@Suite struct ProblemTests {
    @Test func typeIsDerivedFromTheCode() {
        let problem = Problem.badRequest(detail: "Missing url.", field: "target.url")
        #expect(problem.type == "https://meridian.dev/problems/validation_failed")
        #expect(problem.status == 400)
        #expect(problem.title == "Validation failed")
        #expect(problem.field == "target.url")
    }

    @Test(arguments: [
        (Problem.notFound(), 404, "not_found"),
        (Problem.unauthorized(), 401, "unauthorized"),
        (Problem.methodNotAllowed(), 405, "method_not_allowed"),
        (Problem.payloadTooLarge(maximumBytes: 10), 413, "payload_too_large"),
        (Problem.malformedJSON(), 400, "malformed_json"),
        (Problem.internalError(), 500, "internal"),
        (Problem.unavailable(retryAfterSeconds: 3), 503, "unavailable"),
    ])
    func conveniencesCarryStatusAndCode(problem: Problem, status: Int, code: String) {
        #expect(problem.status == status)
        #expect(problem.code == code)
        #expect(!problem.title.isEmpty)
    }

    @Test func responseIsProblemJSONWithRetryAfterOutsideTheBody() throws {
        let response = HTTPResponse.problem(.unavailable(detail: "Draining.", retryAfterSeconds: 7))
        #expect(response.status == 503)
        #expect(response.headers["content-type"] == "application/problem+json")
        #expect(response.headers["Retry-After"] == "7")

        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        #expect(object?["code"] as? String == "unavailable")
        #expect(object?["detail"] as? String == "Draining.")
        #expect(object?["retryAfterSeconds"] == nil)
        #expect(object?["type"] as? String == "https://meridian.dev/problems/unavailable")
    }

    @Test func roundTripsThroughJSON() throws {
        let problem = Problem.badRequest(code: "validation_failed", detail: "Bad cron.", field: "schedule")
        let decoded = try JSONDecoder.meridian.decode(Problem.self, from: JSONEncoder.meridian.encode(problem))
        #expect(decoded == problem)
    }
}
