/// Which seconds of a (wall-clock) day a calendar schedule fires at.
enum TimeOfDayPattern: Hashable, Sendable {
    /// The cron product set: hours (bits 0…23) × minutes (bits 0…59) × seconds (bits 0…59).
    case fields(hours: UInt64, minutes: UInt64, seconds: UInt64)
    /// Every multiple of `seconds` since midnight; `seconds` divides 86,400 (aligned `@every`).
    case interval(seconds: Int)

    /// The first matching second of the day at or after `secondOfDay` (0…86,400), or nil when none remains today.
    func first(atOrAfter secondOfDay: Int) -> Int? {
        switch self {
        case .interval(let seconds):
            let candidate = (secondOfDay + seconds - 1) / seconds * seconds
            return candidate < CivilCalendar.secondsPerDay ? candidate : nil

        case .fields(let hours, let minutes, let seconds):
            let hour = secondOfDay / 3600
            let minute = secondOfDay / 60 % 60
            let second = secondOfDay % 60
            if Self.contains(hours, hour) {
                if Self.contains(minutes, minute), let nextSecond = Self.firstBit(seconds, from: second) {
                    return hour * 3600 + minute * 60 + nextSecond
                }
                if let nextMinute = Self.firstBit(minutes, from: minute + 1) {
                    return hour * 3600 + nextMinute * 60 + seconds.trailingZeroBitCount
                }
            }
            guard let nextHour = Self.firstBit(hours, from: hour + 1) else {
                return nil
            }
            return nextHour * 3600 + minutes.trailingZeroBitCount * 60 + seconds.trailingZeroBitCount
        }
    }

    /// How many matching seconds of the day are below `secondOfDay` (0…86,400).
    func count(below secondOfDay: Int) -> Int {
        switch self {
        case .interval(let seconds):
            return (secondOfDay + seconds - 1) / seconds

        case .fields(let hours, let minutes, let seconds):
            let hour = secondOfDay / 3600
            let minute = secondOfDay / 60 % 60
            let second = secondOfDay % 60
            let perMinute = seconds.nonzeroBitCount
            let perHour = minutes.nonzeroBitCount * perMinute

            var total = Self.bitsBelow(hours, hour) * perHour
            if Self.contains(hours, hour) {
                total += Self.bitsBelow(minutes, minute) * perMinute
                if Self.contains(minutes, minute) {
                    total += Self.bitsBelow(seconds, second)
                }
            }
            return total
        }
    }

    /// True when `secondOfDay` is a matching second.
    func matches(_ secondOfDay: Int) -> Bool {
        first(atOrAfter: secondOfDay) == secondOfDay
    }

    private static func contains(_ mask: UInt64, _ bit: Int) -> Bool {
        bit < 64 && mask & (1 << UInt64(bit)) != 0
    }

    private static func firstBit(_ mask: UInt64, from bit: Int) -> Int? {
        guard bit < 64 else {
            return nil
        }
        let remaining = mask & ~((1 << UInt64(bit)) - 1)
        return remaining == 0 ? nil : remaining.trailingZeroBitCount
    }

    private static func bitsBelow(_ mask: UInt64, _ bit: Int) -> Int {
        bit >= 64 ? mask.nonzeroBitCount : (mask & ((1 << UInt64(bit)) - 1)).nonzeroBitCount
    }
}
