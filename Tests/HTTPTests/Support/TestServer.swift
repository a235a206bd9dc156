import Dispatch
import Foundation
import HTTP
import Synchronization

/// A running server on an ephemeral loopback port with a client allowed to reach it; stops both on `deinit`.
final class TestServer: Sendable {
    let server: HTTPServer
    let client: HTTPClient

    init(
        configure: (inout HTTPServerConfiguration) -> Void = { _ in },
        handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse
    ) throws {
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        configure(&configuration)
        server = HTTPServer(configuration: configuration, handler: handler)
        try server.start()

        var clientConfiguration = HTTPClientConfiguration()
        clientConfiguration.allowPrivateAddresses = true
        client = HTTPClient(configuration: clientConfiguration)
    }

    convenience init(router: Router, configure: (inout HTTPServerConfiguration) -> Void = { _ in }) throws {
        try self.init(configure: configure, handler: router.handle)
    }

    deinit {
        client.shutdown()
        server.stop()
    }

    var port: Int { server.port }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Sends `method path` with the client and returns the response, or the transport error.
    func send(
        _ method: String, _ path: String, body: [UInt8] = [], headers: HTTPHeaders = [:],
        totalTimeout: Duration = .seconds(10)
    ) -> Result<HTTPClientResponse, HTTPError> {
        var request = HTTPClientRequest(method: method, url: url(path))
        request.body = body
        request.headers = headers
        request.totalTimeout = totalTimeout
        return client.executeBlocking(request)
    }
}

/// A one-shot latch a handler can block on, with a bound so a failing test cannot hang the run.
final class Gate: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let entered = Atomic<Int>(0)

    /// Called by the handler: records entry, then blocks until opened or `limit` passes.
    func pass(limit: Duration = .seconds(10)) {
        entered.add(1, ordering: .sequentiallyConsistent)
        _ = semaphore.wait(timeout: .now() + .milliseconds(Int(limit.components.seconds * 1000)))
    }

    /// How many callers have reached the gate.
    var enteredCount: Int { entered.load(ordering: .sequentiallyConsistent) }

    /// Releases up to `count` waiting or future callers.
    func open(count: Int = 1) {
        for _ in 0..<count { semaphore.signal() }
    }
}

/// Polls `condition` every few milliseconds until it holds or `deadline` passes; returns its last value.
func eventually(within deadline: Duration = .seconds(5), _ condition: () -> Bool) -> Bool {
    let clock = ContinuousClock()
    let end = clock.now + deadline
    while clock.now < end {
        if condition() { return true }
        usleep(2_000)
    }
    return condition()
}

extension Result where Success == HTTPClientResponse, Failure == HTTPError {
    /// The response, or `nil` on failure.
    var response: HTTPClientResponse? { try? get() }

    /// The error code, or `nil` on success.
    var errorCode: HTTPError.Code? {
        if case .failure(let error) = self { return error.code }
        return nil
    }
}

extension HTTPClientResponse {
    var text: String { String(decoding: body, as: UTF8.self) }

    func problem() throws -> Problem {
        try JSONDecoder.meridian.decode(Problem.self, from: Data(body))
    }
}
