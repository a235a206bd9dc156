import Deployment
import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A small blocking HTTP client for the few calls `meridian dev` makes to the processes it started.
///
/// Each request has a total timeout (default 5 s). Bodies are JSON. Not for the data path: callbacks and
/// the API use the HTTP module.
struct DevHTTPClient: Sendable {
    /// An answer: status code and body.
    struct Response: Sendable {
        /// HTTP status code.
        var status: Int
        /// Response body.
        var body: Data
    }

    /// Total time allowed per request.
    var timeout: Duration = .seconds(5)

    /// Sends one request and waits for the answer; throws `requestFailed` when there is none.
    func send(
        _ method: String,
        _ url: String,
        token: String? = nil,
        json: Data? = nil
    ) throws(DeploymentError) -> Response {
        guard let target = URL(string: url) else {
            throw DeploymentError(.invalidArgument, "\(url) is not a URL")
        }

        var request = URLRequest(url: target, timeoutInterval: TimeInterval(timeout.components.seconds))
        request.httpMethod = method
        request.httpBody = json
        if json != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }

        let outcome = Outcome()
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        session.dataTask(with: request) { body, response, error in
            outcome.finish(body: body, response: response, error: error)
        }.resume()

        guard let response = outcome.wait(timeout: timeout + .seconds(1)) else {
            throw DeploymentError(.requestFailed, "\(method) \(target.path) to \(target.host ?? "") got no answer")
        }
        return response
    }

    /// Whether `GET url` answers 200 right now.
    func isOK(_ url: String) -> Bool {
        (try? send("GET", url))?.status == 200
    }
}

/// The result of one data task, filled in by URLSession's callback queue and read by the waiting caller.
private final class Outcome: Sendable {
    private let response = Mutex<DevHTTPClient.Response?>(nil)
    private let done = DispatchSemaphore(value: 0)

    func finish(body: Data?, response: URLResponse?, error: (any Error)?) {
        if error == nil, let http = response as? HTTPURLResponse {
            self.response.withLock { $0 = .init(status: http.statusCode, body: body ?? Data()) }
        }
        done.signal()
    }

    func wait(timeout: Duration) -> DevHTTPClient.Response? {
        guard done.wait(timeout: .now() + .seconds(Int(timeout.components.seconds))) == .success else { return nil }
        return response.withLock { $0 }
    }
}
