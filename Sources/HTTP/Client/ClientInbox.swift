import CCurl
import Synchronization

/// The hand-off from callers to the event-loop thread: a locked queue plus a wake-up of `curl_multi_poll`.
///
/// `@unchecked Sendable`: all mutable state sits behind the `Mutex`; the multi handle is only used here for
/// `curl_multi_wakeup`, which libcurl allows from any thread, and only under the lock while the inbox is open
/// (the loop frees the handle after closing it).
final class ClientInbox: @unchecked Sendable {
    private let multi: UnsafeMutableRawPointer
    private let state = Mutex(State())

    private struct State {
        var requests: [PendingRequest] = []
        var isClosed = false
    }

    init(multi: UnsafeMutableRawPointer) {
        self.multi = multi
    }

    /// Queues a request and wakes the loop; `false` when the client is shut down.
    func submit(_ pending: PendingRequest) -> Bool {
        state.withLock { state in
            guard !state.isClosed else { return false }
            state.requests.append(pending)
            curl_multi_wakeup(multi)
            return true
        }
    }

    /// Closes the inbox; `true` for the first call only.
    func close() -> Bool {
        state.withLock { state in
            guard !state.isClosed else { return false }
            state.isClosed = true
            curl_multi_wakeup(multi)
            return true
        }
    }

    /// Takes everything queued, and whether the inbox is closed.
    func take() -> (requests: [PendingRequest], isClosed: Bool) {
        state.withLock { state in
            defer { state.requests = [] }
            return (state.requests, state.isClosed)
        }
    }
}
