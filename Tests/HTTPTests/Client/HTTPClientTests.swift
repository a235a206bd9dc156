import Foundation
import HTTP
import Synchronization
import Testing

@Suite struct HTTPClientTests {
    @Test func totalTimeoutEndsASlowRequest() throws {
        let gate = Gate()
        let server = try TestServer { _ in
            gate.pass()
            return .text("late")
        }
        defer { gate.open() }  // before the server stops: stopping waits for the handler
        var request = HTTPClientRequest(method: "GET", url: server.url("/"))
        request.totalTimeout = .milliseconds(300)

        let started = ContinuousClock.now
        #expect(server.client.executeBlocking(request).errorCode == .timeout)
        #expect(ContinuousClock.now - started < .seconds(3))
    }

    @Test func bodyIsCutAtTheCapAndMarkedTruncated() throws {
        let server = try TestServer { _ in HTTPResponse(body: [UInt8](repeating: 1, count: 300_000)) }
        var request = HTTPClientRequest(method: "GET", url: server.url("/"))
        request.maximumResponseBytes = 1000

        let response = try #require(server.client.executeBlocking(request).response)
        #expect(response.status == 200)
        #expect(response.isTruncated)
        #expect(response.body.count == 1000)
    }

    @Test func bodyAtTheCapIsNotTruncated() throws {
        let server = try TestServer { _ in HTTPResponse(body: [UInt8](repeating: 1, count: 1000)) }
        var request = HTTPClientRequest(method: "GET", url: server.url("/"))
        request.maximumResponseBytes = 1000

        let response = try #require(server.client.executeBlocking(request).response)
        #expect(!response.isTruncated)
        #expect(response.body.count == 1000)
        #expect(response.remoteAddress == "127.0.0.1")
    }

    @Test func refusedConnectionIsConnectionFailed() throws {
        let server = HTTPServer(configuration: HTTPServerConfiguration()) { _ in .noContent() }
        try server.start()
        let port = server.port
        server.stop()

        var configuration = HTTPClientConfiguration()
        configuration.allowPrivateAddresses = true
        let client = HTTPClient(configuration: configuration)
        defer { client.shutdown() }
        let result = client.executeBlocking(HTTPClientRequest(method: "GET", url: "http://127.0.0.1:\(port)/"))
        #expect(result.errorCode == .connectionFailed)
    }

    @Test(arguments: ["127.0.0.1", "localhost", "[::1]"])
    func loopbackIsRefusedByDefault(host: String) throws {
        let calls = Atomic<Int>(0)
        let server = try TestServer { _ in
            calls.add(1, ordering: .relaxed)
            return .noContent()
        }
        let client = HTTPClient()
        defer { client.shutdown() }

        let result = client.executeBlocking(HTTPClientRequest(method: "GET", url: "http://\(host):\(server.port)/"))
        #expect(result.errorCode == .addressRefused)
        #expect(calls.load(ordering: .relaxed) == 0)
    }

    @Test func loopbackIsAllowedWhenConfigured() throws {
        let server = try TestServer { _ in .text("hi") }
        #expect(server.send("GET", "/").response?.text == "hi")
    }

    @Test(arguments: ["ftp://127.0.0.1/", "file:///etc/passwd", "gopher://127.0.0.1/", "not a url"])
    func otherSchemesAreInvalid(url: String) {
        let client = HTTPClient()
        defer { client.shutdown() }
        #expect(client.executeBlocking(HTTPClientRequest(url: url)).errorCode == .invalidURL)
    }

    @Test func headerWithLineBreakIsRejected() throws {
        let server = try TestServer { _ in .noContent() }
        let result = server.send("GET", "/", headers: ["X-Evil": "a\r\nX-Injected: 1"])
        #expect(result.errorCode == .transport)
    }

    @Test func redirectsAreNotFollowed() throws {
        let server = try TestServer { _ in HTTPResponse(status: 302, headers: ["Location": "/elsewhere"]) }
        let response = try #require(server.send("GET", "/").response)
        #expect(response.status == 302)
        #expect(response.headers["location"] == "/elsewhere")
    }

    @Test(arguments: ["PUT", "PATCH", "DELETE", "POST"])
    func methodsAndBodiesArriveIntact(method: String) throws {
        let server = try TestServer { request in
            let body = String(decoding: request.body, as: UTF8.self)
            return .text("\(request.method) \(body) \(request.headers["User-Agent"] ?? "")")
        }
        let response = try #require(server.send(method, "/", body: Array("payload".utf8)).response)
        #expect(response.text == "\(method) payload Meridian/1")
    }

    @Test func manyConcurrentRequestsAllComplete() async throws {
        let server = try TestServer { request in .text(request.query["n"] ?? "") }
        let texts = await withTaskGroup(of: String?.self) { group in
            for number in 0..<500 {
                group.addTask {
                    let request = HTTPClientRequest(method: "GET", url: server.url("/?n=\(number)"))
                    return await server.client.execute(request).response?.text
                }
            }
            return await group.reduce(into: [String]()) { if let text = $1 { $0.append(text) } }
        }
        #expect(Set(texts) == Set((0..<500).map(String.init)))
    }

    @Test func shutdownCancelsRunningRequestsAndLaterOnes() throws {
        let gate = Gate()
        let server = try TestServer { _ in
            gate.pass()
            return .noContent()
        }
        defer { gate.open() }  // before the server stops: stopping waits for the handler
        var configuration = HTTPClientConfiguration()
        configuration.allowPrivateAddresses = true
        let client = HTTPClient(configuration: configuration)

        let outcome = Mutex<HTTPError.Code?>(nil)
        client.execute(HTTPClientRequest(method: "GET", url: server.url("/"))) { result in
            outcome.withLock { $0 = result.errorCode }
        }
        #expect(eventually { gate.enteredCount == 1 })
        client.shutdown()
        client.shutdown()

        #expect(outcome.withLock { $0 } == .cancelled)
        #expect(client.executeBlocking(HTTPClientRequest(url: server.url("/"))).errorCode == .cancelled)
    }
}
