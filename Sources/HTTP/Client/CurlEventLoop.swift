import CCurl

/// The event loop that owns the libcurl multi handle; runs on the client's single thread until shutdown.
final class CurlEventLoop {
    private let multi: UnsafeMutableRawPointer
    private let inbox: ClientInbox
    private let configuration: HTTPClientConfiguration
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var waiting: [PendingRequest] = []

    init(multi: UnsafeMutableRawPointer, inbox: ClientInbox, configuration: HTTPClientConfiguration) {
        self.multi = multi
        self.inbox = inbox
        self.configuration = configuration
    }

    /// Runs until the inbox closes, then cancels what is left and frees the multi handle.
    func run() {
        while true {
            // 1. Take new requests; on shutdown cancel everything and leave.
            let (incoming, isClosed) = inbox.take()
            waiting.append(contentsOf: incoming)
            if isClosed { break }

            // 2. Start what the concurrency limit allows.
            startWaiting()

            // 3. Let libcurl do its I/O and report finished transfers.
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            collectFinished()

            // 4. Sleep until a socket is ready, a libcurl timer is due, or a caller wakes us.
            let canStartMore = !waiting.isEmpty && active.count < configuration.maximumConcurrentRequests
            curl_multi_poll(multi, nil, 0, canStartMore ? 0 : 1000, nil)
        }
        cancelAll()
        curl_multi_cleanup(multi)
    }

    // TODO(#2): a request's totalTimeout starts when it leaves `waiting`, so time spent queued behind
    // maximumConcurrentRequests is not counted; callers that need a hard deadline must bound that themselves.
    private func startWaiting() {
        let room = max(0, max(1, configuration.maximumConcurrentRequests) - active.count)
        let starting = waiting.prefix(room)
        waiting.removeFirst(starting.count)

        for pending in starting {
            switch CurlTransfer.make(pending, configuration: configuration) {
            case .failure(let error): pending.completion(.failure(error))
            case .success(let transfer):
                active[transfer.easy] = transfer
                curl_multi_add_handle(multi, transfer.easy)
            }
        }
    }

    private func collectFinished() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard meridian_curl_message_is_done(message) != 0, let easy = message.pointee.easy_handle else { continue }
            let code = meridian_curl_message_result(message)
            curl_multi_remove_handle(multi, easy)

            guard let transfer = active.removeValue(forKey: easy) else { continue }
            transfer.completion(transfer.result(code))
        }
    }

    private func cancelAll() {
        let cancelled = HTTPError(.cancelled, "The client was shut down.")
        for (easy, transfer) in active {
            curl_multi_remove_handle(multi, easy)
            transfer.completion(.failure(cancelled))
        }

        active = [:]
        waiting.forEach { $0.completion(.failure(cancelled)) }
        waiting = []
    }
}
