/// Generates random cron expressions from the grammar both this engine and cronsim understand.
struct CronExpressionGenerator {
    var random: SeededGenerator

    /// A 5-field expression, or (about one time in six) a 6-field one with a leading seconds field.
    mutating func expression() -> String {
        var fields = [
            plainField(0...59, maxStep: 30), hour(), dayOfMonth(), month(), dayOfWeek(),
        ]
        if fields[2].hasPrefix("?") && fields[4].hasPrefix("?") {
            fields[4] = "*"
        }
        if pick(6) == 0 {
            fields.insert(plainField(0...59, maxStep: 30), at: 0)
        }
        return fields.joined(separator: " ")
    }

    private mutating func pick(_ count: Int) -> Int {
        Int.random(in: 0..<count, using: &random)
    }

    private mutating func value(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &random)
    }

    /// `*`, `*/n`, `a`, `a,b,c`, `a-b`, `a-b/n` or `a/n`, weighted towards the common forms.
    private mutating func plainField(_ range: ClosedRange<Int>, maxStep: Int) -> String {
        switch pick(10) {
        case 0, 1: return "*"
        case 2: return "*/\(value(2...maxStep))"
        case 3, 4: return "\(value(range))"
        case 5: return listOf(range, count: value(2...4))
        case 6: return rangeText(range)
        case 7: return rangeText(range) + "/\(value(2...maxStep))"
        case 8: return "\(value(range))/\(value(2...maxStep))"
        default: return "\(rangeText(range)),\(value(range))"
        }
    }

    private mutating func listOf(_ range: ClosedRange<Int>, count: Int) -> String {
        (0..<count).map { _ in String(value(range)) }.joined(separator: ",")
    }

    private mutating func rangeText(_ range: ClosedRange<Int>) -> String {
        let first = value(range)
        return "\(first)-\(value(first...range.upperBound))"
    }

    /// Often the hours in which DST transitions happen (0–3), so gaps and repeated hours are hit.
    private mutating func hour() -> String {
        switch pick(10) {
        case 0: return "\(value(0...3))"
        case 1: return "\(value(1...2))-\(value(2...4))"
        case 2: return "\(value(0...3)),\(value(4...23))"
        case 3: return "\(value(0...2))/\(value(1...3))"
        default: return plainField(0...23, maxStep: 12)
        }
    }

    private mutating func dayOfMonth() -> String {
        switch pick(12) {
        case 0: return "L"
        case 1: return "LW"
        case 2: return "\(value(1...28)),L"
        case 3: return "?"
        case 4: return "\(value(28...31))"
        case 5: return "*/\(value(2...15))"
        default: return plainField(1...31, maxStep: 15)
        }
    }

    private mutating func month() -> String {
        let names = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        switch pick(8) {
        case 0: return names[pick(12)]
        case 1: return "\(names[pick(6)])-\(names[6 + pick(6)])"
        case 2: return "2"
        case 3, 4: return "*"
        default: return plainField(1...12, maxStep: 6)
        }
    }

    private mutating func dayOfWeek() -> String {
        let names = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
        switch pick(12) {
        case 0: return "\(value(0...7))L"
        case 1: return "\(value(0...7))#\(value(1...5))"
        case 2: return "MON-FRI"
        case 3: return "\(names[pick(7)]),\(names[pick(7)])"
        case 4: return "?"
        case 5, 6, 7: return "*"
        default: return plainField(0...7, maxStep: 3)
        }
    }
}
