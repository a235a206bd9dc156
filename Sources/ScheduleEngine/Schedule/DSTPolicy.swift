/// What a wall-clock schedule does with a wall time that a spring-forward transition removes.
///
/// Only schedules whose hour field is fixed (no `*`, no step) are affected; see docs/schedules.md.
public enum DSTPolicy: String, Sendable, Codable, CaseIterable {
    /// Default: the missing wall time fires once, at the end of the gap (the first instant after the jump).
    case shift
    /// The missing wall time does not fire that day.
    case skip
}
