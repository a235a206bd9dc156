/// A request waiting to be started by the event loop, with whom to tell the outcome.
struct PendingRequest: Sendable {
    let request: HTTPClientRequest
    let completion: @Sendable (Result<HTTPClientResponse, HTTPError>) -> Void
}
