import Foundation
import Glibc
import HTTP
import Synchronization
import Testing

@Suite struct HTTPServerTests {
    struct Secret: Error, CustomStringConvertible {
        var description: String { "database password is hunter2" }
    }

    static func makeRouter(gate: Gate = Gate()) -> Router {
        var router = Router()
        router.add("GET", "/v1/jobs/{id}/runs") { request in
            .json(["id": request.pathParameters["id"] ?? "", "limit": request.query["limit"] ?? ""])
        }
        router.add("POST", "/echo") { request in
            var response = HTTPResponse(status: 201, body: request.body)
            response.headers["X-Seen-Tag"] = request.headers["x-tag"] ?? ""
            response.headers["X-Remote"] = request.remoteAddress
            return response
        }
        router.add("GET", "/problem") { _ in throw Problem.notFound(detail: "No job 9.") }
        router.add("GET", "/secret") { _ in throw Secret() }
        router.add("GET", "/slow") { _ in
            gate.pass()
            return .text("slow")
        }
        router.add("GET", "/thread") { _ in .text(String(UInt(pthread_self()))) }
        return router
    }

    @Test func routesWithPathParametersAndDecodedQuery() throws {
        let server = try TestServer(router: Self.makeRouter())
        let response = try #require(server.send("GET", "/v1/jobs/j%201/runs?limit=5&limit=7").response)

        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "application/json")
        let object = try JSONDecoder().decode([String: String].self, from: Data(response.body))
        #expect(object == ["id": "j 1", "limit": "7"])
    }

    @Test func echoesBodyHeadersAndRemoteAddress() throws {
        let server = try TestServer(router: Self.makeRouter())
        let body = Array((0..<5000).map { UInt8($0 % 251) })
        let response = try #require(server.send("POST", "/echo", body: body, headers: ["X-Tag": "blue"]).response)

        #expect(response.status == 201)
        #expect(response.body == body)
        #expect(response.headers["x-seen-tag"] == "blue")
        #expect(response.headers["X-Remote"] == "127.0.0.1")
    }

    @Test func unknownPathAndWrongMethodAreProblems() throws {
        let server = try TestServer(router: Self.makeRouter())
        let missing = try #require(server.send("GET", "/v2/nothing").response)
        #expect(missing.status == 404)
        #expect(missing.headers["Content-Type"] == "application/problem+json")
        #expect(try missing.problem().code == "not_found")

        let wrongMethod = try #require(server.send("DELETE", "/echo").response)
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.headers["Allow"] == "POST")
        #expect(try wrongMethod.problem().code == "method_not_allowed")
    }

    @Test func thrownProblemAndOtherErrorsBecomeProblems() throws {
        let server = try TestServer(router: Self.makeRouter())
        let problem = try #require(server.send("GET", "/problem").response)
        #expect(problem.status == 404)
        #expect(try problem.problem().detail == "No job 9.")

        let failure = try #require(server.send("GET", "/secret").response)
        #expect(failure.status == 500)
        #expect(try failure.problem().code == "internal")
        #expect(!failure.text.contains("hunter2"))
    }

    @Test func oversizedBodyIsRefusedWithoutCallingTheHandlerAndTheServerStillServes() throws {
        let calls = Atomic<Int>(0)
        let server = try TestServer(configure: { $0.maximumBodyBytes = 1000 }) { request in
            calls.add(1, ordering: .relaxed)
            return .text("got \(request.body.count)")
        }

        let refused = try #require(server.send("POST", "/", body: [UInt8](repeating: 7, count: 200_000)).response)
        #expect(refused.status == 413)
        #expect(try refused.problem().code == "payload_too_large")
        #expect(calls.load(ordering: .relaxed) == 0)

        let accepted = try #require(server.send("POST", "/", body: [UInt8](repeating: 7, count: 1000)).response)
        #expect(accepted.text == "got 1000")
    }

    @Test func oversizedChunkedBodyIsRefusedAndTheConnectionKeepsWorking() throws {
        let server = try TestServer(configure: { $0.maximumBodyBytes = 1000 }) { .text("got \($0.body.count)") }
        let connection = try RawConnection(port: server.port)
        let chunk = String(repeating: "a", count: 1500)
        connection.send(
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5dc\r\n\(chunk)\r\n5dc\r\n\(chunk)\r\n0\r\n\r\n")

        let refused = try #require(connection.readResponse())
        #expect(refused.head.hasPrefix("HTTP/1.1 413"))
        connection.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc")
        let next = try #require(connection.readResponse())
        #expect(next.head.hasPrefix("HTTP/1.1 200"))
        #expect(String(decoding: next.body, as: UTF8.self) == "got 3")
    }

    @Test(arguments: [20_000, 300_000])
    func oversizedHeadersAreRefusedAndTheServerStillServes(headerBytes: Int) throws {
        let server = try TestServer(router: Self.makeRouter())
        let connection = try RawConnection(port: server.port)
        connection.send(
            "GET /v1/jobs/1/runs HTTP/1.1\r\nHost: t\r\nX-Big: \(String(repeating: "b", count: headerBytes))\r\n\r\n")

        let answer = String(decoding: connection.readUntilClosed().prefix(12), as: UTF8.self)
        #expect(answer.isEmpty || answer == "HTTP/1.1 431" || answer == "HTTP/1.1 413")
        #expect(server.send("GET", "/v1/jobs/1/runs").response?.status == 200)
    }

    @Test func fortyKilobyteHeaderGetsThe431Problem() throws {
        let server = try TestServer(router: Self.makeRouter())
        let connection = try RawConnection(port: server.port)
        connection.send("GET / HTTP/1.1\r\nHost: t\r\nX-Big: \(String(repeating: "b", count: 17_000))\r\n\r\n")

        let response = try #require(connection.readResponse())
        #expect(response.head.hasPrefix("HTTP/1.1 431"))
        #expect(String(decoding: response.body, as: UTF8.self).contains("header_fields_too_large"))
    }

    @Test(arguments: [
        "\u{0}\u{1}\u{2}garbage\r\n\r\n",
        "GET\r\n\r\n",
        "GET / HTTP/9.9\r\n\r\n",
        "GET / HTTP/1.1\r\nNo colon here\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: -5\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    ])
    func garbageRequestsNeverTakeTheServerDown(bytes: String) throws {
        let server = try TestServer(router: Self.makeRouter())
        let connection = try RawConnection(port: server.port, receiveTimeout: .seconds(2))
        connection.send(bytes)

        let answer = String(decoding: connection.readUntilClosed().prefix(9), as: UTF8.self)
        #expect(answer.isEmpty || answer == "HTTP/1.1 " || answer == "HTTP/1.0 ")
        #expect(server.send("GET", "/v1/jobs/1/runs").response?.status == 200)
    }

    @Test func endlessRequestLineNeverTakesTheServerDown() throws {
        let server = try TestServer(router: Self.makeRouter())
        let connection = try RawConnection(port: server.port, receiveTimeout: .seconds(2))
        connection.send("GET /" + String(repeating: "A", count: 100_000))

        let answer = String(decoding: connection.readUntilClosed().prefix(9), as: UTF8.self)
        #expect(answer.isEmpty || answer == "HTTP/1.1 ")
        #expect(server.send("GET", "/v1/jobs/1/runs").response?.status == 200)
    }

    @Test func slowHandlerDoesNotStallAConcurrentRequest() throws {
        let gate = Gate()
        let server = try TestServer(router: Self.makeRouter(gate: gate))
        let slowResult = Mutex<Result<HTTPClientResponse, HTTPError>?>(nil)
        server.client.execute(HTTPClientRequest(method: "GET", url: server.url("/slow"))) { result in
            slowResult.withLock { $0 = result }
        }
        #expect(eventually { gate.enteredCount == 1 })

        let fast = server.send("GET", "/v1/jobs/1/runs", totalTimeout: .seconds(2))
        #expect(fast.response?.status == 200)
        #expect(slowResult.withLock { $0 } == nil)

        gate.open()
        #expect(eventually { slowResult.withLock { $0?.response?.text } == "slow" })
    }

    @Test func stopWaitsForRunningHandlers() throws {
        let gate = Gate()
        let server = try TestServer(router: Self.makeRouter(gate: gate))
        server.client.execute(HTTPClientRequest(method: "GET", url: server.url("/slow"))) { _ in }
        #expect(eventually { gate.enteredCount == 1 })

        let isStopped = Atomic<Bool>(false)
        Thread.detachNewThread {
            server.server.stop()
            isStopped.store(true, ordering: .sequentiallyConsistent)
        }
        #expect(!eventually(within: .milliseconds(300)) { isStopped.load(ordering: .sequentiallyConsistent) })

        gate.open()
        #expect(eventually { isStopped.load(ordering: .sequentiallyConsistent) })
    }

    @Test func keepAliveServesSeveralRequestsOnOneConnection() throws {
        let server = try TestServer(router: Self.makeRouter())
        let connection = try RawConnection(port: server.port)

        for id in 1...3 {
            connection.send("GET /v1/jobs/\(id)/runs HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try #require(connection.readResponse())
            #expect(response.head.hasPrefix("HTTP/1.1 200"))
            #expect(String(decoding: response.body, as: UTF8.self).contains("\"\(id)\""))
        }
    }

    @Test func idleConnectionIsClosedAfterTheTimeout() throws {
        let server = try TestServer(router: Self.makeRouter()) { $0.connectionIdleTimeout = .seconds(1) }
        let connection = try RawConnection(port: server.port, receiveTimeout: .seconds(8))

        let started = ContinuousClock.now
        #expect(connection.readUntilClosed().isEmpty)
        #expect(connection.wasClosedByPeer)
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func connectionsBeyondTheLimitAreClosed() throws {
        let server = try TestServer(router: Self.makeRouter()) { $0.maximumConnections = 2 }
        let first = try RawConnection(port: server.port)
        let second = try RawConnection(port: server.port)
        for connection in [first, second] {
            connection.send("GET /v1/jobs/1/runs HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(connection.readResponse()?.head.hasPrefix("HTTP/1.1 200") == true)
        }

        let third = try RawConnection(port: server.port)
        #expect(third.readUntilClosed().isEmpty)
        #expect(third.wasClosedByPeer)
    }

    @Test func clientReusesItsConnection() throws {
        let server = try TestServer(router: Self.makeRouter())
        let threads = (0..<10).compactMap { _ in server.send("GET", "/thread").response?.text }

        #expect(threads.count == 10)
        #expect(Set(threads).count == 1)
    }

    @Test func bindingATakenPortFailsNamingTheAddress() throws {
        let first = try TestServer(router: Self.makeRouter())
        let second = HTTPServer(configuration: HTTPServerConfiguration(port: first.port)) { _ in .noContent() }

        #expect {
            try second.start()
        } throws: { error in
            (error as? HTTPError)?.code == .bindFailed && "\(error)".contains("127.0.0.1:\(first.port)")
        }
    }

    @Test func stopIsIdempotentAndFreesThePort() throws {
        let server = HTTPServer(configuration: HTTPServerConfiguration()) { _ in .noContent() }
        try server.start()
        let port = server.port
        #expect(port > 0)

        server.stop()
        server.stop()
        #expect(server.port == 0)
        let again = HTTPServer(configuration: HTTPServerConfiguration(port: port)) { _ in .noContent() }
        try again.start()
        again.stop()
    }
}
