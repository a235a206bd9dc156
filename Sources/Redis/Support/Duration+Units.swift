import Foundation

extension Duration {
    /// The duration as a `timeval` (microsecond resolution, truncated; negative becomes zero).
    var timeval: timeval {
        let (seconds, attoseconds) = components
        guard seconds >= 0, attoseconds >= 0 else { return Foundation.timeval(tv_sec: 0, tv_usec: 0) }
        return Foundation.timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
    }

    /// The duration in whole milliseconds, rounded up so a positive duration never becomes zero.
    var roundedUpMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let attosecondsPerMillisecond: Int64 = 1_000_000_000_000_000
        let remainder = attoseconds % attosecondsPerMillisecond == 0 ? 0 : 1
        return seconds * 1000 + attoseconds / attosecondsPerMillisecond + Int64(remainder)
    }
}
