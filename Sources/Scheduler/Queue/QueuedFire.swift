import Foundation

/// A fire as it travels through the region's Redis queue: enough to find it in the ledger and order it.
public struct QueuedFire: Codable, Sendable, Hashable {
    /// The ledger fire.
    public var fireID: UUID
    /// Its job.
    public var jobID: UUID
    /// Nominal instant, microseconds since 1970: the ledger's precision, so the fire's key matches exactly.
    public var nominalAtMicros: Int64
    /// When the attempt may start, milliseconds since 1970.
    public var dueAtMs: Int64
    /// 0–9, higher first among fires due at the same millisecond.
    public var priority: Int

    public init(fireID: UUID, jobID: UUID, nominalAtMicros: Int64, dueAtMs: Int64, priority: Int) {
        self.fireID = fireID
        self.jobID = jobID
        self.nominalAtMicros = nominalAtMicros
        self.dueAtMs = dueAtMs
        self.priority = priority
    }

    /// The nominal instant.
    public var nominalAt: Date {
        Date(timeIntervalSince1970: Double(nominalAtMicros) / 1_000_000)
    }

    /// Sorted-set score: the due millisecond, with priority breaking ties inside it (9 sorts first).
    static func score(dueAtMs: Int64, priority: Int) -> String {
        let tieBreak = 9 - min(max(priority, 0), 9)
        return "\(dueAtMs).\(tieBreak)"
    }
}

extension Date {
    /// Whole milliseconds since 1970, the unit of queue scores and due instants.
    var millisecondsSince1970: Int64 {
        Int64((timeIntervalSince1970 * 1000).rounded(.down))
    }
}
