/// Parses one cron field (`1,5-10/2,L`) into a ``CronFieldValue``, reporting errors at their character offset.
struct CronFieldParser {
    /// Most comma-separated items one field may hold; bounds the work spent on hostile input.
    static let maximumItems = 64

    let field: CronField
    /// The field's text, upper-cased ASCII.
    let bytes: ArraySlice<UInt8>
    /// Offset of the field's first character in the whole expression.
    let position: Int

    func parse() throws(ScheduleError) -> CronFieldValue {
        var result = CronFieldValue()
        result.startsWithWildcard = bytes.first == UInt8(ascii: "*") || bytes.first == UInt8(ascii: "?")
        if bytes.elementsEqual("?".utf8) {
            guard field == .dayOfMonth || field == .dayOfWeek else {
                throw error(.invalidField, at: position, "'?' is only allowed in day-of-month and day-of-week")
            }
            result.values = Self.mask(field.bounds)
            return fold(result)
        }

        var itemStart = bytes.startIndex
        for itemNumber in 1... {
            guard itemNumber <= Self.maximumItems else {
                throw error(
                    .invalidField, at: offset(of: itemStart), "a field may list at most \(Self.maximumItems) items")
            }
            let itemEnd = bytes[itemStart...].firstIndex(of: UInt8(ascii: ",")) ?? bytes.endIndex
            try parseItem(bytes[itemStart..<itemEnd], into: &result)
            guard itemEnd < bytes.endIndex else {
                return fold(result)
            }
            itemStart = itemEnd + 1
        }
        return result
    }

    private func parseItem(_ item: ArraySlice<UInt8>, into result: inout CronFieldValue) throws(ScheduleError) {
        let itemPosition = offset(of: item.startIndex)
        guard !item.isEmpty else {
            throw error(.invalidField, at: itemPosition, "an empty list item is not allowed")
        }
        if try parseDaySpecial(item, into: &result) {
            return
        }

        let slash = item.firstIndex(of: UInt8(ascii: "/"))
        let base = item[item.startIndex..<(slash ?? item.endIndex)]
        var step = 1
        if let slash {
            step = try parseStep(item[(slash + 1)...])
        }
        let range = try parseBase(base, hasStep: slash != nil)
        result.values |= Self.mask(range, step: step)
    }

    /// `L`, `LW`, `nW` in day-of-month; `nL`, `n#k` in day-of-week. Returns false when the item is none of them.
    private func parseDaySpecial(_ item: ArraySlice<UInt8>, into result: inout CronFieldValue) throws(ScheduleError)
        -> Bool
    {
        let last = item.last
        switch field {
        case .dayOfMonth where item.elementsEqual("L".utf8):
            result.includesLast = true
        case .dayOfMonth where item.elementsEqual("LW".utf8):
            result.includesLastWeekday = true
        case .dayOfMonth where item.count > 1 && last == UInt8(ascii: "W"):
            let day = try parseValue(item.dropLast())
            result.nearestWeekdays |= 1 << UInt32(day)
        case .dayOfWeek where item.count > 1 && last == UInt8(ascii: "L"):
            let weekday = try parseValue(item.dropLast()) % 7
            result.lastWeekdays |= 1 << UInt8(weekday)
        case .dayOfWeek where item.contains(UInt8(ascii: "#")):
            let hash = item.firstIndex(of: UInt8(ascii: "#"))!
            let weekday = try parseValue(item[item.startIndex..<hash]) % 7
            let nth = try parseNumber(item[(hash + 1)...], what: "occurrence after '#'")
            guard (1...5).contains(nth) else {
                throw error(.outOfRange, at: offset(of: hash + 1), "the occurrence after '#' must be 1–5")
            }
            result.nthWeekdays |= 1 << UInt64((nth - 1) * 7 + weekday)
        default:
            return false
        }
        return true
    }

    private func parseBase(_ base: ArraySlice<UInt8>, hasStep: Bool) throws(ScheduleError) -> ClosedRange<Int> {
        if base.elementsEqual("*".utf8) {
            return field.bounds
        }
        guard let dash = base.firstIndex(of: UInt8(ascii: "-")) else {
            let value = try parseValue(base)
            return hasStep ? value...field.bounds.upperBound : value...value
        }

        let lower = try parseValue(base[base.startIndex..<dash])
        let upper = try parseValue(base[(dash + 1)...])
        guard lower <= upper else {
            let split = "\(lower)-\(field.bounds.upperBound),\(field.bounds.lowerBound)-\(upper)"
            throw error(
                .reversedRange, at: offset(of: base.startIndex),
                "range \(lower)-\(upper) runs backwards; write it as two ranges, e.g. \(split)"
            )
        }
        return lower...upper
    }

    private func parseStep(_ text: ArraySlice<UInt8>) throws(ScheduleError) -> Int {
        let step = try parseNumber(text, what: "step")
        guard step != 0 else {
            throw error(.zeroStep, at: offset(of: text.startIndex), "a step must be at least 1; */0 never advances")
        }
        guard step <= field.largestStep else {
            throw error(.outOfRange, at: offset(of: text.startIndex), "a step must be 1–\(field.largestStep)")
        }
        return step
    }

    /// A number or (for month and day-of-week) a three-letter name, checked against the field's bounds.
    private func parseValue(_ text: ArraySlice<UInt8>) throws(ScheduleError) -> Int {
        if let names = field.names, let first = text.first, first >= UInt8(ascii: "A") {
            let name = String(decoding: text, as: UTF8.self)
            guard let index = names.list.firstIndex(of: name) else {
                throw error(.invalidField, at: offset(of: text.startIndex), "'\(name.prefix(8))' is not a valid name")
            }
            return names.first + index
        }

        let value = try parseNumber(text, what: "value")
        guard field.bounds.contains(value) else {
            throw error(
                .outOfRange, at: offset(of: text.startIndex),
                "value \(value) is out of range \(field.bounds.lowerBound)–\(field.bounds.upperBound)"
            )
        }
        return value
    }

    private func parseNumber(_ text: ArraySlice<UInt8>, what: String) throws(ScheduleError) -> Int {
        guard !text.isEmpty, text.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            let shown = text.isEmpty ? "nothing" : "'\(String(decoding: text.prefix(8), as: UTF8.self))'"
            throw error(.invalidField, at: offset(of: text.startIndex), "expected a number as \(what), found \(shown)")
        }
        guard text.count <= 4 else {
            throw error(.outOfRange, at: offset(of: text.startIndex), "\(what) has too many digits")
        }
        return text.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    private func fold(_ value: CronFieldValue) -> CronFieldValue {
        guard field == .dayOfWeek, value.values & (1 << 7) != 0 else {
            return value
        }
        var folded = value
        folded.values = (value.values & 0x7F) | 1
        return folded
    }

    private func offset(of index: Int) -> Int {
        position + index - bytes.startIndex
    }

    private func error(_ code: ScheduleError.Code, at position: Int, _ problem: String) -> ScheduleError {
        ScheduleError(
            code: code, field: field.rawValue, position: position,
            message: "\(field.rawValue): \(problem). Allowed: \(field.allowed)."
        )
    }

    static func mask(_ range: ClosedRange<Int>, step: Int = 1) -> UInt64 {
        if step == 1 {
            let upper: UInt64 = range.upperBound >= 63 ? ~0 : (1 << UInt64(range.upperBound + 1)) - 1
            return upper & ~((1 << UInt64(range.lowerBound)) - 1)
        }
        var mask: UInt64 = 0
        for value in stride(from: range.lowerBound, through: range.upperBound, by: step) {
            mask |= 1 << UInt64(value)
        }
        return mask
    }
}
