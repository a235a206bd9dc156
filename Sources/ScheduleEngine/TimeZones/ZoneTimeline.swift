/// The offsets of one zone as a sorted list of segments of constant UTC offset, from the TZif table and its POSIX
/// footer rule expanded through ``lastCoveredYear``. Immutable, so shared freely across threads.
final class ZoneTimeline: Sendable {
    /// Footer rules are expanded up to this year; later instants keep the last offset.
    static let lastCoveredYear = 2400

    /// How a wall time maps onto instants in this zone.
    enum WallResolution: Equatable {
        /// The wall time happens once, at this instant.
        case unique(Int)
        /// The wall time happens twice (a fall-back night); both instants, earlier first.
        case repeated(first: Int, second: Int)
        /// The wall time does not exist (a spring-forward gap); the instant at which the gap ends.
        case gap(end: Int)
    }

    /// Instants (seconds since the Unix epoch) at which the offset changes, ascending.
    let transitions: [Int]
    /// `offsets[i]` holds before `transitions[i]` and from `transitions[i - 1]`; one more entry than transitions.
    let offsets: [Int]

    /// A timeline with a fixed offset.
    init(fixedOffset: Int) {
        transitions = []
        offsets = [fixedOffset]
    }

    /// A timeline from change points; consecutive equal offsets are merged.
    init(initialOffset: Int, changes: [(instant: Int, offset: Int)]) {
        var transitions: [Int] = []
        var offsets = [initialOffset]
        for change in changes {
            if let last = transitions.last, change.instant <= last {
                transitions.removeLast()
                offsets.removeLast()
            }
            if change.offset != offsets[offsets.count - 1] {
                transitions.append(change.instant)
                offsets.append(change.offset)
            }
        }
        self.transitions = transitions
        self.offsets = offsets
    }

    /// Index of the segment holding `instant`: the number of transitions at or before it.
    func segmentIndex(containing instant: Int) -> Int {
        var low = 0
        var high = transitions.count
        while low < high {
            let middle = (low + high) / 2
            if transitions[middle] <= instant {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    func segmentStart(_ index: Int) -> Int {
        index == 0 ? Int.min / 4 : transitions[index - 1]
    }

    func segmentEnd(_ index: Int) -> Int {
        index == transitions.count ? Int.max / 4 : transitions[index]
    }

    /// UTC offset in seconds at `instant`.
    func offset(at instant: Int) -> Int {
        offsets[segmentIndex(containing: instant)]
    }

    /// Where wall time `wall` falls. Offsets are below 26 hours, so only segments within a day of it can hold it.
    func resolve(wall: Int) -> WallResolution {
        let firstIndex = segmentIndex(containing: wall - 26 * 3600)
        let lastIndex = segmentIndex(containing: wall + 26 * 3600)
        var first: Int?
        var last: Int?
        var gapEnd: Int?

        for index in firstIndex...lastIndex {
            let instant = wall - offsets[index]
            if instant >= segmentStart(index) && instant < segmentEnd(index) {
                first = first ?? instant
                last = instant
            } else if gapEnd == nil && instant < segmentStart(index) {
                gapEnd = segmentStart(index)
            }
        }

        guard let first, let last else {
            return .gap(end: gapEnd ?? wall - offsets[lastIndex])
        }
        return first == last ? .unique(first) : .repeated(first: first, second: last)
    }

    /// The smallest wall time whose first-occurrence-or-gap-end instant is at or after `instant`.
    ///
    /// Inside the second pass of a repeated hour this is the end of the repeated range; exactly at the end of a
    /// gap it is the start of the gap (gap wall times map to that instant).
    func lowestWall(mappingAtOrAfter instant: Int) -> Int {
        let index = segmentIndex(containing: instant)
        let wall = instant + offsets[index]
        guard index > 0 else {
            return wall
        }

        let previousWallEnd = segmentStart(index) + offsets[index - 1]
        if previousWallEnd > wall {
            return previousWallEnd
        }
        if instant == segmentStart(index) && previousWallEnd < wall {
            return previousWallEnd
        }
        return wall
    }

    /// Spring-forward gaps whose wall ranges start in `lower..<upper`: (gap start wall, gap end wall, end instant).
    func gaps(wallsFrom lower: Int, to upper: Int) -> [(startWall: Int, endWall: Int, endInstant: Int)] {
        let firstIndex = max(segmentIndex(containing: lower - 26 * 3600), 1)
        let lastIndex = segmentIndex(containing: upper + 26 * 3600)
        guard firstIndex <= lastIndex else {
            return []
        }

        var result: [(startWall: Int, endWall: Int, endInstant: Int)] = []
        for index in firstIndex...lastIndex where offsets[index] > offsets[index - 1] {
            let instant = segmentStart(index)
            let startWall = instant + offsets[index - 1]
            if startWall >= lower && startWall < upper {
                result.append((startWall, instant + offsets[index], instant))
            }
        }
        return result
    }
}
