/// One parsed cron field: the plain values as bits plus the day specials, and whether it started with a wildcard.
struct CronFieldValue: Hashable, Sendable {
    /// Bit v set when value v is selected (day-of-week 7 already folded onto 0).
    var values: UInt64 = 0
    /// `*` or `?` as the first character: the field does not restrict days for the Vixie OR rule.
    var startsWithWildcard = false
    /// Day-of-month `L`.
    var includesLast = false
    /// Day-of-month `LW`.
    var includesLastWeekday = false
    /// Day-of-month `nW`, bits 1…31.
    var nearestWeekdays: UInt32 = 0
    /// Day-of-week `nL`, bits 0…6.
    var lastWeekdays: UInt8 = 0
    /// Day-of-week `n#k`, bit `(k - 1) * 7 + n`.
    var nthWeekdays: UInt64 = 0

    /// True when nothing at all is selected (only possible through an internal error).
    var isEmpty: Bool {
        values == 0 && !includesLast && !includesLastWeekday && nearestWeekdays == 0 && lastWeekdays == 0
            && nthWeekdays == 0
    }
}
