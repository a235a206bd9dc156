/// The fields of a cron expression: their names in errors, value ranges and symbolic names.
enum CronField: String, CaseIterable, Sendable {
    case second
    case minute
    case hour
    case dayOfMonth
    case month
    case dayOfWeek

    /// Smallest and largest value a number may take (day-of-week allows 7 for Sunday).
    var bounds: ClosedRange<Int> {
        switch self {
        case .second, .minute: return 0...59
        case .hour: return 0...23
        case .dayOfMonth: return 1...31
        case .month: return 1...12
        case .dayOfWeek: return 0...7
        }
    }

    /// Three-letter names, indexed from the first value they stand for.
    var names: (first: Int, list: [String])? {
        switch self {
        case .month: return (1, ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"])
        case .dayOfWeek: return (0, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"])
        default: return nil
        }
    }

    /// Largest step that still selects a second value, plus one (a step of the field's size selects its start).
    var largestStep: Int {
        bounds.count
    }

    /// What the field accepts, for error messages.
    var allowed: String {
        let common = "lists (1,2), ranges (1-5) and steps (*/n, a-b/n, a/n)"
        switch self {
        case .second, .minute: return "0–59, *, \(common)"
        case .hour: return "0–23, *, \(common)"
        case .dayOfMonth: return "1–31, *, ?, L (last day), LW (last weekday), nW (weekday nearest day n), \(common)"
        case .month: return "1–12 or JAN–DEC, *, \(common)"
        case .dayOfWeek:
            return
                "0–7 or SUN–SAT (0 and 7 are Sunday), *, ?, nL (5L = last Friday), n#k (5#1 = first Friday), \(common)"
        }
    }
}
