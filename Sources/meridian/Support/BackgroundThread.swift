import Foundation

/// A named thread running one long-lived loop, which the owner can wait for.
final class BackgroundThread: Sendable {
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `body` on a new thread at once.
    init(name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread { [finished] in
            body()
            finished.signal()
        }
        thread.name = "meridian.\(name)"
        thread.start()
    }

    /// Blocks until the loop has returned.
    func join() {
        finished.wait()
    }
}
