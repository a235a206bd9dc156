extension PosixTimeZoneRule {
    /// Parses a TZ string; nil when it is malformed (the caller then keeps the table's last offset).
    init?(parsing text: String) {
        var scanner = Scanner(bytes: Array(text.utf8))
        guard scanner.skipName(), let standard = scanner.offset() else {
            return nil
        }
        self.init(standardOffset: -standard)
        guard !scanner.isAtEnd else {
            return
        }

        guard scanner.skipName() else {
            return nil
        }
        let daylight = scanner.peek == UInt8(ascii: ",") ? standard - 3600 : scanner.offset()
        guard let daylight, scanner.consume(","), let start = scanner.switchRule(), scanner.consume(","),
            let end = scanner.switchRule(), scanner.isAtEnd
        else {
            return nil
        }
        daylightOffset = -daylight
        daylightStart = start
        daylightEnd = end
    }

    /// A byte cursor over a TZ string.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        var isAtEnd: Bool { index >= bytes.count }
        var peek: UInt8? { isAtEnd ? nil : bytes[index] }

        mutating func consume(_ character: Unicode.Scalar) -> Bool {
            guard peek == UInt8(ascii: character) else {
                return false
            }
            index += 1
            return true
        }

        /// A zone abbreviation: `<+0330>` or three or more letters.
        mutating func skipName() -> Bool {
            if consume("<") {
                while let byte = peek, byte != UInt8(ascii: ">") {
                    index += 1
                }
                return consume(">")
            }
            let start = index
            while let byte = peek, (byte | 0x20) >= UInt8(ascii: "a"), (byte | 0x20) <= UInt8(ascii: "z") {
                index += 1
            }
            return index - start >= 3
        }

        /// `[+-]hh[:mm[:ss]]` in seconds, sign as written.
        mutating func offset() -> Int? {
            let isNegative = consume("-")
            if !isNegative {
                _ = consume("+")
            }
            guard let hours = number() else {
                return nil
            }
            var seconds = hours * 3600
            if consume(":") {
                guard let minutes = number() else { return nil }
                seconds += minutes * 60
                if consume(":") {
                    guard let extraSeconds = number() else { return nil }
                    seconds += extraSeconds
                }
            }
            return isNegative ? -seconds : seconds
        }

        mutating func switchRule() -> PosixTimeZoneRule.Switch? {
            guard let day = dayRule() else {
                return nil
            }
            guard consume("/") else {
                return PosixTimeZoneRule.Switch(day: day, secondOfDay: 7200)
            }
            guard let time = offset() else {
                return nil
            }
            return PosixTimeZoneRule.Switch(day: day, secondOfDay: time)
        }

        private mutating func dayRule() -> PosixTimeZoneRule.DayRule? {
            if consume("J") {
                return number().map { .julianSkippingLeapDay($0) }
            }
            guard consume("M") else {
                return number().map { .zeroBasedDay($0) }
            }
            guard let month = number(), consume("."), let week = number(), consume("."), let weekday = number(),
                (1...12).contains(month), (1...5).contains(week), (0...6).contains(weekday)
            else {
                return nil
            }
            return .monthWeekDay(month: month, week: week, weekday: weekday)
        }

        private mutating func number() -> Int? {
            let start = index
            var value = 0
            while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), index - start < 4 {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                index += 1
            }
            return index > start ? value : nil
        }
    }
}
