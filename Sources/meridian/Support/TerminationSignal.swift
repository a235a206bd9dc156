import Foundation
import Synchronization

/// Waits for SIGTERM or SIGINT, which are taken away from their default handlers.
enum TerminationSignal {
    /// Blocks until one of the signals arrives and returns its name.
    static func wait() -> String {
        let received = DispatchSemaphore(value: 0)
        let name = LockedName()
        var sources: [DispatchSourceSignal] = []

        for (number, label) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                name.set(label)
                received.signal()
            }
            source.resume()
            sources.append(source)
        }
        received.wait()
        sources.forEach { $0.cancel() }
        return name.get()
    }
}

/// The name of the signal that arrived, set by the signal handler and read by the waiting thread.
private final class LockedName: Sendable {
    private let value = Mutex("")

    func set(_ newValue: String) {
        value.withLock { $0 = newValue }
    }

    func get() -> String {
        value.withLock { $0 }
    }
}
