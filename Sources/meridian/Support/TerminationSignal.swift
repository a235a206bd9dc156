import Foundation

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

/// The name of the signal that arrived. `@unchecked Sendable`: guarded by its lock.
private final class LockedName: @unchecked Sendable {
    private let lock = NSLock()
    private var value = ""

    func set(_ newValue: String) {
        lock.withLock { value = newValue }
    }

    func get() -> String {
        lock.withLock { value }
    }
}
