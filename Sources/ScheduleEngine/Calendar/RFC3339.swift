/// Parsing and formatting of RFC 3339 instants (`2026-12-24T18:00:00+01:00`, `…Z`, optional fraction).
enum RFC3339 {
    /// Milliseconds since the Unix epoch, or nil when `text` is not an RFC 3339 date-time with an offset.
    /// Fractions beyond milliseconds are truncated; leap second 60 is refused.
    static func parseMilliseconds(_ text: Substring) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.count <= 40 else {
            return nil
        }
        func number(_ start: Int, _ length: Int) -> Int? {
            guard start + length <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<start + length] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        func byte(_ index: Int, _ allowed: String) -> Bool {
            index < bytes.count && allowed.utf8.contains(bytes[index])
        }

        guard let year = number(0, 4), byte(4, "-"), let month = number(5, 2), byte(7, "-"), let day = number(8, 2),
            byte(10, "Tt "), let hour = number(11, 2), byte(13, ":"), let minute = number(14, 2), byte(16, ":"),
            let second = number(17, 2), (1...12).contains(month), hour < 24, minute < 60, second < 60,
            (1...CivilCalendar.daysInMonth(year: year, month: month)).contains(day)
        else {
            return nil
        }

        var index = 19
        var milliseconds = 0
        if byte(index, ".") {
            index += 1
            let fractionStart = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                if index - fractionStart < 3 {
                    milliseconds = milliseconds * 10 + Int(bytes[index] - 0x30)
                }
                index += 1
            }
            guard index > fractionStart else { return nil }
            for _ in min(index - fractionStart, 3)..<3 {
                milliseconds *= 10
            }
        }

        var offset = 0
        if byte(index, "Zz") {
            index += 1
        } else {
            guard byte(index, "+-"), let offsetHours = number(index + 1, 2), byte(index + 3, ":"),
                let offsetMinutes = number(index + 4, 2), offsetHours < 24, offsetMinutes < 60
            else {
                return nil
            }
            offset = (offsetHours * 3600 + offsetMinutes * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
            index += 6
        }
        guard index == bytes.count else {
            return nil
        }

        let days = CivilCalendar.dayNumber(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return seconds * 1000 + milliseconds
    }

    /// `YYYY-MM-DDTHH:MM:SS[.mmm]±HH:MM` for an instant in milliseconds and a UTC offset in seconds (years
    /// 0…9999; the engine only produces 1900…2399).
    static func format(milliseconds: Int, offset: Int) -> String {
        let wallMilliseconds = milliseconds + offset * 1000
        let wallSeconds = CivilCalendar.floorDivide(wallMilliseconds, 1000)
        let fraction = wallMilliseconds - wallSeconds * 1000
        let dayNumber = CivilCalendar.floorDivide(wallSeconds, 86_400)
        let secondOfDay = wallSeconds - dayNumber * 86_400
        let date = CivilCalendar.date(dayNumber: dayNumber)
        let offsetMinutes = abs(offset) / 60

        return String(unsafeUninitializedCapacity: 29) { buffer in
            var index = 0
            func put(_ value: Int, _ width: Int, then separator: UInt8? = nil) {
                var remaining = value
                for position in stride(from: index + width - 1, through: index, by: -1) {
                    buffer[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
                    remaining /= 10
                }
                index += width
                if let separator {
                    buffer[index] = separator
                    index += 1
                }
            }
            put(date.year, 4, then: UInt8(ascii: "-"))
            put(date.month, 2, then: UInt8(ascii: "-"))
            put(date.day, 2, then: UInt8(ascii: "T"))
            put(secondOfDay / 3600, 2, then: UInt8(ascii: ":"))
            put(secondOfDay / 60 % 60, 2, then: UInt8(ascii: ":"))
            put(secondOfDay % 60, 2)
            if fraction != 0 {
                buffer[index] = UInt8(ascii: ".")
                index += 1
                put(fraction, 3)
            }
            buffer[index] = offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
            index += 1
            put(offsetMinutes / 60, 2, then: UInt8(ascii: ":"))
            put(offsetMinutes % 60, 2)
            return index
        }
    }
}
