extension Duration {
    /// The duration in whole milliseconds, rounded up so a positive duration never becomes zero.
    var roundedUpMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let attosecondsPerMillisecond: Int64 = 1_000_000_000_000_000
        let remainder = attoseconds % attosecondsPerMillisecond == 0 ? 0 : 1
        return seconds * 1000 + attoseconds / attosecondsPerMillisecond + Int64(remainder)
    }

    /// The duration in whole seconds, rounded up and at least one.
    var roundedUpSeconds: Int64 {
        let (seconds, attoseconds) = components
        return max(1, seconds + (attoseconds > 0 ? 1 : 0))
    }
}
