import Foundation

/// One fire instant of a schedule, as the API shows it.
public struct Occurrence: Sendable, Hashable {
    /// The nominal instant of the fire (UTC).
    public var instant: Date
    /// The same instant as RFC 3339 local time in the schedule's zone, e.g. `2026-03-29T03:00:00+02:00`.
    public var localTime: String
    /// True when a DST rule moved the fire away from the wall time the schedule names.
    public var isShifted: Bool
    /// Why it moved, e.g. `spring-forward gap: 02:30:00 does not exist`; nil when not shifted.
    public var shiftReason: String?

    /// Creates an occurrence.
    public init(instant: Date, localTime: String, isShifted: Bool = false, shiftReason: String? = nil) {
        self.instant = instant
        self.localTime = localTime
        self.isShifted = isShifted
        self.shiftReason = shiftReason
    }
}
