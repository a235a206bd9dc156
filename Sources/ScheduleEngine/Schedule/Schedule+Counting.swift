extension Schedule {
    /// How many fires lie in `(lower, upper]` (milliseconds). Cost grows with the number of months in the range,
    /// never with the number of fires.
    func countFires(after lower: Int, through upper: Int, zone: ZoneTimeline, anchor: Int, policy: DSTPolicy) -> Int {
        guard lower < upper else {
            return 0
        }
        switch rule {
        case .at(let milliseconds):
            return milliseconds > lower && milliseconds <= upper ? 1 : 0

        case .every(let every):
            return every.count(after: lower, through: upper, anchor: anchor)

        case .calendar(let calendar):
            let lowerSecond = CivilCalendar.floorDivide(lower, 1000)
            let upperSecond = CivilCalendar.floorDivide(upper, 1000)
            return calendar.count(after: lowerSecond, through: upperSecond, in: zone, policy: policy)
        }
    }

    /// The last `count` fires in `(lower, upper]`, ascending; all of them when there are fewer. Finds the start by
    /// bisection on counts, so the cost does not grow with the number of fires skipped.
    func lastFires(
        _ count: Int, after lower: Int, through upper: Int, zone: ZoneTimeline, anchor: Int, policy: DSTPolicy
    ) throws(ScheduleError) -> [Fire] {
        guard count > 0 else {
            return []
        }
        var low = lower
        var high = upper
        if countFires(after: low, through: upper, zone: zone, anchor: anchor, policy: policy) > count {
            while high - low > 1 {
                let middle = low + (high - low) / 2
                let remaining = countFires(after: middle, through: upper, zone: zone, anchor: anchor, policy: policy)
                if remaining >= count {
                    low = middle
                } else {
                    high = middle
                }
            }
        }

        var result: [Fire] = []
        var cursor = low
        while result.count < count, let fire = try nextFire(after: cursor, zone: zone, anchor: anchor, policy: policy),
            fire.milliseconds <= upper
        {
            result.append(fire)
            cursor = fire.milliseconds
        }
        return result
    }
}
