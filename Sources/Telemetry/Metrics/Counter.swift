import Synchronization

/// A family of monotonically increasing counters, one per combination of label values.
public final class CounterFamily: MetricFamily, Sendable {
    let name: String
    let help: String
    let labelNames: [String]
    private let values: Mutex<[[String]: Double]> = Mutex([:])

    init(name: String, help: String, labelNames: [String]) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
    }

    /// Adds `amount` (≥ 0) to the counter with `labelValues`, given in the order of the family's label names.
    public func increment(_ labelValues: String..., by amount: Double = 1) {
        precondition(labelValues.count == labelNames.count, "label count mismatch for \(name)")
        values.withLock { $0[labelValues, default: 0] += amount }
    }

    /// The current value for `labelValues`; zero when never incremented.
    public func value(_ labelValues: String...) -> Double {
        values.withLock { $0[labelValues] ?? 0 }
    }

    func render(into output: inout String) {
        Exposition.header(name, help, "counter", into: &output)
        let snapshot = values.withLock { $0 }
        for (labelValues, value) in snapshot.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            output += "\(name)\(Exposition.labels(labelNames, labelValues)) \(Exposition.number(value))\n"
        }
    }
}

/// A family of gauges: values that go up and down.
public final class GaugeFamily: MetricFamily, Sendable {
    let name: String
    let help: String
    let labelNames: [String]
    private let values: Mutex<[[String]: Double]> = Mutex([:])

    init(name: String, help: String, labelNames: [String]) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
    }

    /// Sets the gauge with `labelValues` to `value`.
    public func set(_ value: Double, _ labelValues: String...) {
        precondition(labelValues.count == labelNames.count, "label count mismatch for \(name)")
        values.withLock { $0[labelValues] = value }
    }

    /// Adds `amount` (may be negative) to the gauge with `labelValues`.
    public func add(_ amount: Double, _ labelValues: String...) {
        precondition(labelValues.count == labelNames.count, "label count mismatch for \(name)")
        values.withLock { $0[labelValues, default: 0] += amount }
    }

    /// Replaces every child at once, dropping label combinations not in `samples`.
    public func replaceAll(_ samples: [[String]: Double]) {
        values.withLock { $0 = samples }
    }

    /// The current value for `labelValues`; zero when never set.
    public func value(_ labelValues: String...) -> Double {
        values.withLock { $0[labelValues] ?? 0 }
    }

    func render(into output: inout String) {
        Exposition.header(name, help, "gauge", into: &output)
        let snapshot = values.withLock { $0 }
        for (labelValues, value) in snapshot.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            output += "\(name)\(Exposition.labels(labelNames, labelValues)) \(Exposition.number(value))\n"
        }
    }
}
