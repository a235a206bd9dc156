/// `@every <duration>`: fires at anchor + k·interval (k ≥ 1), or with `align` at every multiple of the interval
/// since local midnight (see ``CalendarRule``).
struct EveryRule: Hashable, Sendable {
    static let minimumMilliseconds = 1_000
    static let maximumMilliseconds = 366 * 86_400_000

    var intervalMilliseconds: Int

    /// The first fire strictly after `instant` (milliseconds since the Unix epoch).
    func next(after instant: Int, anchor: Int) -> Int {
        guard instant >= anchor + intervalMilliseconds else {
            return anchor + intervalMilliseconds
        }
        let elapsedIntervals = CivilCalendar.floorDivide(instant - anchor, intervalMilliseconds)
        return anchor + (elapsedIntervals + 1) * intervalMilliseconds
    }

    /// How many fires lie in `(lower, upper]`.
    func count(after lower: Int, through upper: Int, anchor: Int) -> Int {
        let first = next(after: lower, anchor: anchor)
        guard first <= upper else {
            return 0
        }
        return (upper - first) / intervalMilliseconds + 1
    }

    /// Parses the text after `@every` (at `position` in the whole schedule): amounts with units `d h m s ms` in
    /// that order, each at most once (`1h30m`, `90s`, `1500ms`), optionally followed by `align`.
    static func parse(_ text: Substring, position: Int) throws(ScheduleError) -> (every: EveryRule, isAligned: Bool) {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let durationText = words.first, words.count <= 2 else {
            throw invalid(position, "write @every followed by a duration such as 30s, 15m, 1h30m or 1d")
        }
        let isAligned = words.count == 2
        guard !isAligned || words[1].lowercased() == "align" else {
            let wordPosition = position + text.distance(from: text.startIndex, to: words[1].startIndex)
            throw invalid(wordPosition, "only 'align' may follow the duration")
        }

        let durationPosition = position + text.distance(from: text.startIndex, to: durationText.startIndex)
        let milliseconds = try parseDuration(durationText, position: durationPosition)
        guard (minimumMilliseconds...maximumMilliseconds).contains(milliseconds) else {
            throw invalid(durationPosition, "the interval must be between 1s and 366d")
        }
        guard !isAligned || (milliseconds % 1000 == 0 && 86_400_000 % milliseconds == 0) else {
            throw invalid(
                durationPosition, "'align' needs whole seconds that divide a day evenly, such as 1m, 15m, 90m, 1h, 6h"
            )
        }
        return (EveryRule(intervalMilliseconds: milliseconds), isAligned)
    }

    private static func parseDuration(_ text: Substring, position: Int) throws(ScheduleError) -> Int {
        let units: [(name: String, milliseconds: Int)] = [
            ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000),
            ("s", 1_000), ("ms", 1),
        ]
        var total = 0
        var nextUnit = 0
        var index = text.startIndex

        while index < text.endIndex {
            let amountStart = index
            while index < text.endIndex, text[index].isASCII, text[index].isNumber {
                index = text.index(after: index)
            }
            let unitStart = index
            while index < text.endIndex, text[index].isASCII, text[index].isLetter {
                index = text.index(after: index)
            }

            let amountPosition = position + text.distance(from: text.startIndex, to: amountStart)
            let unitName = text[unitStart..<index].lowercased()
            let amountText = text[amountStart..<unitStart]
            guard (1...9).contains(amountText.count), let amount = Int(amountText) else {
                throw invalid(amountPosition, "expected a whole number followed by a unit (d, h, m, s, ms)")
            }
            guard let unit = units[nextUnit...].firstIndex(where: { $0.name == unitName }) else {
                throw invalid(amountPosition, "units are d, h, m, s and ms, largest first, each at most once")
            }
            total += amount * units[unit].milliseconds
            nextUnit = unit + 1
        }
        return total
    }

    private static func invalid(_ position: Int, _ problem: String) -> ScheduleError {
        ScheduleError(code: .invalidDuration, field: "schedule", position: position, message: problem)
    }
}
