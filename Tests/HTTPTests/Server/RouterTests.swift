import Foundation
import HTTP
import Testing

@Suite struct RouterTests {
    struct Failure: Error {}

    static func makeRouter() -> Router {
        var router = Router()
        router.add("GET", "/v1/jobs", { _ in .text("list") })
        router.add("POST", "/v1/jobs", { _ in .text("create", status: 201) })
        router.add("GET", "/v1/jobs/{id}", { .text("job \($0.pathParameters["id"] ?? "?")") })
        router.add("GET", "/v1/jobs/stats", { _ in .text("stats") })
        router.add(
            "GET", "/v1/jobs/{id}/runs/{run}",
            {
                .text("run \($0.pathParameters["id"] ?? "?")/\($0.pathParameters["run"] ?? "?")")
            })
        router.add("GET", "/", { _ in .text("root") })
        router.add("GET", "/problem", { _ in throw Problem.badRequest(detail: "No.", field: "x") })
        router.add("GET", "/crash", { _ in throw Failure() })
        return router
    }

    @Test(arguments: [
        ("GET", "/v1/jobs", 200, "list", "/v1/jobs"),
        ("POST", "/v1/jobs", 201, "create", "/v1/jobs"),
        ("GET", "/v1/jobs/42", 200, "job 42", "/v1/jobs/{id}"),
        ("GET", "/v1/jobs/stats", 200, "stats", "/v1/jobs/stats"),
        ("GET", "/v1/jobs/a/runs/b", 200, "run a/b", "/v1/jobs/{id}/runs/{run}"),
        ("GET", "/", 200, "root", "/"),
        ("HEAD", "/v1/jobs/7", 200, "", "/v1/jobs/{id}"),
    ])
    func dispatchesToTheMostSpecificPattern(method: String, path: String, status: Int, body: String, pattern: String) {
        let router = Self.makeRouter()
        let request = HTTPRequest(method: method, path: path)
        let response = router.handle(request)

        #expect(response.status == status)
        #expect(String(decoding: response.body, as: UTF8.self) == body)
        #expect(router.routePattern(for: request) == pattern)
    }

    @Test(arguments: ["/v1/jobs/", "/v1/job", "/v1/jobs/a/runs", "/v1/jobs/a/runs/", "/nope", "/v1/jobs//runs/x"])
    func unknownPathsAreNotFoundProblems(path: String) throws {
        let router = Self.makeRouter()
        let response = router.handle(HTTPRequest(method: "GET", path: path))

        #expect(response.status == 404)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(try JSONDecoder.meridian.decode(Problem.self, from: Data(response.body)).code == "not_found")
        #expect(router.routePattern(for: HTTPRequest(method: "GET", path: path)) == nil)
    }

    @Test func wrongMethodIsMethodNotAllowedWithAllow() throws {
        let router = Self.makeRouter()
        let response = router.handle(HTTPRequest(method: "DELETE", path: "/v1/jobs"))

        #expect(response.status == 405)
        #expect(response.headers["Allow"] == "GET, HEAD, POST")
        #expect(try JSONDecoder.meridian.decode(Problem.self, from: Data(response.body)).code == "method_not_allowed")
        #expect(router.routePattern(for: HTTPRequest(method: "DELETE", path: "/v1/jobs")) == "/v1/jobs")
    }

    @Test func literalPathStillFallsBackToParameterForOtherMethods() {
        var router = Router()
        router.add("GET", "/v1/jobs/stats", { _ in .text("stats") })
        router.add("DELETE", "/v1/jobs/{id}", { .text("deleted \($0.pathParameters["id"] ?? "?")") })

        let response = router.handle(HTTPRequest(method: "DELETE", path: "/v1/jobs/stats"))
        #expect(String(decoding: response.body, as: UTF8.self) == "deleted stats")
    }

    @Test func thrownProblemBecomesItsResponse() throws {
        let response = Self.makeRouter().handle(HTTPRequest(method: "GET", path: "/problem"))
        let problem = try JSONDecoder.meridian.decode(Problem.self, from: Data(response.body))

        #expect(response.status == 400)
        #expect(problem.field == "x")
        #expect(problem.detail == "No.")
    }

    @Test func otherThrownErrorBecomesInternalProblemWithoutItsText() throws {
        let response = Self.makeRouter().handle(HTTPRequest(method: "GET", path: "/crash"))
        let text = String(decoding: response.body, as: UTF8.self)

        #expect(response.status == 500)
        #expect(try JSONDecoder.meridian.decode(Problem.self, from: Data(response.body)).code == "internal")
        #expect(!text.contains("Failure"))
    }

    @Test func laterRegistrationReplacesTheHandler() {
        var router = Router()
        router.add("GET", "/a", { _ in .text("first") })
        router.add("get", "/a", { _ in .text("second") })
        #expect(String(decoding: router.handle(HTTPRequest(path: "/a")).body, as: UTF8.self) == "second")
    }
}
