/// A job's misfire settings. Defaults are chosen so an outage never causes a storm and never silently drops a
/// daily job.
public struct MisfireRules: Sendable, Codable, Hashable {
    /// Default ``MisfirePolicy/fireOnce``.
    public var policy: MisfirePolicy
    /// Instants older than `now - catchUpWindow` are never fired, only recorded `missed`. Default 24 hours: a daily
    /// job missed during a night-long outage still runs once; a job down for days does not run stale work.
    /// Allowed 0…366 days; a window shorter than ``lateTolerance`` acts as ``lateTolerance``.
    public var catchUpWindow: Duration
    /// Upper bound on catch-up fires for ``MisfirePolicy/fireAll``. Default 10; allowed 1…1,000.
    public var maxCatchUp: Int
    /// An instant fired at most this late is a normal fire, not a misfire. Default 5 seconds: above the about two
    /// seconds a shard needs to move to another node, so a failover alone does not count as a misfire.
    /// Allowed 0…1 hour.
    public var lateTolerance: Duration

    /// Creates rules; every argument has the documented default.
    public init(
        policy: MisfirePolicy = .fireOnce, catchUpWindow: Duration = .seconds(86_400), maxCatchUp: Int = 10,
        lateTolerance: Duration = .seconds(5)
    ) {
        self.policy = policy
        self.catchUpWindow = catchUpWindow
        self.maxCatchUp = maxCatchUp
        self.lateTolerance = lateTolerance
    }

    /// Checks the documented ranges.
    /// - Throws: ``ScheduleError`` with code `invalidArgument` and field `misfireRules.<name>`.
    public func validate() throws(ScheduleError) {
        guard (0...366 * 86_400_000).contains(Self.milliseconds(catchUpWindow)) else {
            throw Self.invalid("catchUpWindow", "must be between 0 and 366 days")
        }
        guard (1...1_000).contains(maxCatchUp) else {
            throw Self.invalid("maxCatchUp", "must be between 1 and 1000")
        }
        guard (0...3_600_000).contains(Self.milliseconds(lateTolerance)) else {
            throw Self.invalid("lateTolerance", "must be between 0 and 1 hour")
        }
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let components = duration.components
        guard abs(components.seconds) < Int64(Int.max / 2_000) else {
            return components.seconds < 0 ? Int.min / 2 : Int.max / 2
        }
        return Int(components.seconds) * 1000 + Int(components.attoseconds / 1_000_000_000_000_000)
    }

    private static func invalid(_ name: String, _ problem: String) -> ScheduleError {
        ScheduleError(code: .invalidArgument, field: "misfireRules.\(name)", message: "\(name) \(problem)")
    }
}
