import CCurl
import Dispatch
import Glibc
import Synchronization

/// An HTTP client on libcurl's multi interface.
///
/// One thread owns the multi handle and runs every transfer; connections are reused per host. Callers hand
/// requests over through a locked queue, so every method is thread-safe. Redirects are never followed; only http
/// and https are spoken. Completions run on the client's thread: keep them short and never block them on another
/// request of the same client.
public final class HTTPClient: Sendable {
    private let inbox: ClientInbox
    private let thread: Mutex<pthread_t?>

    /// Creates the client and starts its event-loop thread.
    public init(configuration: HTTPClientConfiguration = .init()) {
        _ = curlGlobalInitialization
        guard let multi = curl_multi_init() else { fatalError("curl_multi_init failed: out of memory") }
        meridian_curl_multi_set_long(
            multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, configuration.maximumConnectionsPerHost))
        meridian_curl_multi_set_long(multi, CURLMOPT_MAXCONNECTS, max(16, configuration.maximumConcurrentRequests))

        inbox = ClientInbox(multi: multi)
        let loop = CurlEventLoop(multi: multi, inbox: inbox, configuration: configuration)
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, runEventLoop, Unmanaged.passRetained(loop).toOpaque())
        precondition(status == 0, "Could not start the HTTP client thread (error \(status)).")
        self.thread = Mutex(thread)
    }

    deinit {
        shutdown()
    }

    /// Starts `request`; `completion` runs exactly once on the client's thread, with `.cancelled` after
    /// ``shutdown()`` (then possibly on the caller's thread, before this returns).
    public func execute(
        _ request: HTTPClientRequest,
        completion: @escaping @Sendable (Result<HTTPClientResponse, HTTPError>) -> Void
    ) {
        guard inbox.submit(PendingRequest(request: request, completion: completion)) else {
            completion(.failure(HTTPError(.cancelled, "The client was shut down.")))
            return
        }
    }

    /// Runs `request` and returns its outcome; task cancellation does not abort the transfer.
    public func execute(_ request: HTTPClientRequest) async -> Result<HTTPClientResponse, HTTPError> {
        // TODO(#2): abort the transfer on task cancellation; today it runs until it ends or times out.
        await withCheckedContinuation { continuation in
            execute(request) { continuation.resume(returning: $0) }
        }
    }

    /// Runs `request`, blocking the calling thread until it ends. For tools and tests; never call it from a
    /// completion of this client.
    public func executeBlocking(_ request: HTTPClientRequest) -> Result<HTTPClientResponse, HTTPError> {
        let outcome = Mutex<Result<HTTPClientResponse, HTTPError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        execute(request) { result in
            outcome.withLock { $0 = result }
            done.signal()
        }

        done.wait()
        return outcome.withLock { $0 } ?? .failure(HTTPError(.cancelled, "The request ended without an outcome."))
    }

    /// Fails waiting and running requests with `.cancelled`, stops the thread and waits for it. Idempotent.
    public func shutdown() {
        _ = inbox.close()
        guard let thread = self.thread.withLock({ $0.take() }) else { return }

        if pthread_equal(thread, pthread_self()) != 0 {
            pthread_detach(thread)
        } else {
            pthread_join(thread, nil)
        }
    }
}

/// libcurl's process-wide setup, run once on first use (a global `let` initializes exactly once).
private let curlGlobalInitialization: Void = {
    curl_global_init(Int(CURL_GLOBAL_ALL))
}()

private func runEventLoop(_ argument: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let argument else { return nil }
    Unmanaged<CurlEventLoop>.fromOpaque(argument).takeRetainedValue().run()
    return nil
}
