import Synchronization

/// Logs a failure that repeats on every retry once when it starts (warning) and once when it ends (info), so a
/// dependency that is down for an hour writes two lines, not thousands.
public final class OutageLog: Sendable {
    private let logger: Logger
    private let isFailing = Mutex(false)

    public init(logger: Logger) {
        self.logger = logger
    }

    /// Records a failed try; logs `message` only when the previous try succeeded.
    public func failed(_ message: String, _ metadata: [String: String] = [:]) {
        let isNew = isFailing.withLock { failing in
            defer { failing = true }
            return !failing
        }
        if isNew { logger.warning(message, metadata) }
    }

    /// Records a successful try; logs `message` only when the previous try failed.
    public func succeeded(_ message: String) {
        let wasFailing = isFailing.withLock { failing in
            defer { failing = false }
            return failing
        }
        if wasFailing { logger.info(message) }
    }
}
