import Foundation

/// A process this deployment started, identified by PID and kernel start time.
///
/// The start time (clock ticks since boot, field 22 of `/proc/<pid>/stat`) guards against PID reuse: a
/// record only matches the process that had this PID when it was recorded, so stopping a deployment after a
/// reboot never signals an unrelated process that happens to reuse the number.
public struct ProcessRecord: Codable, Sendable, Equatable {
    /// The process ID.
    public var pid: Int32

    /// Start time in clock ticks since boot; `nil` when it could not be read (then only the PID is checked).
    public var startTime: UInt64?

    /// Records `pid`, reading its start time from `/proc` now.
    public init(pid: Int32) {
        self.pid = pid
        self.startTime = ProcessRecord.readStartTime(of: pid)
    }

    /// Creates a record from stored values.
    public init(pid: Int32, startTime: UInt64?) {
        self.pid = pid
        self.startTime = startTime
    }

    /// Start time and state letter of `pid` from `/proc/<pid>/stat`, or `nil` when there is no such process.
    static func readStatus(of pid: Int32) -> (startTime: UInt64, state: Character)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let nameEnd = text.lastIndex(of: ")")
        else { return nil }

        // Fields after the command name start with field 3 (state); the start time is field 22.
        let fields = text[text.index(after: nameEnd)...].split(separator: " ")
        guard fields.count > 19, let state = fields[0].first, let start = UInt64(fields[19]) else { return nil }
        return (start, state)
    }

    static func readStartTime(of pid: Int32) -> UInt64? {
        readStatus(of: pid)?.startTime
    }
}
