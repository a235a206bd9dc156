import Synchronization

/// Holds every metric of a process and renders them in the Prometheus text exposition format (version 0.0.4).
///
/// Metrics are created once (usually at start) and then updated from any thread. Families are keyed by name;
/// asking twice for the same name returns the same family.
public final class MetricsRegistry: Sendable {
    private let families: Mutex<[String: MetricFamily]> = Mutex([:])
    private let collectors: Mutex<[@Sendable () -> Void]> = Mutex([])

    /// Creates an empty registry.
    public init() {}

    /// Returns the counter family `name`, creating it with `help` and `labelNames`.
    public func counter(_ name: String, help: String, labels labelNames: [String] = []) -> CounterFamily {
        family(name) { CounterFamily(name: name, help: help, labelNames: labelNames) }
    }

    /// Returns the gauge family `name`, creating it with `help` and `labelNames`.
    public func gauge(_ name: String, help: String, labels labelNames: [String] = []) -> GaugeFamily {
        family(name) { GaugeFamily(name: name, help: help, labelNames: labelNames) }
    }

    /// Returns the histogram family `name` with upper bounds `buckets` (in the metric's unit, ascending).
    public func histogram(
        _ name: String, help: String, labels labelNames: [String] = [], buckets: [Double] = Histogram.latencyBuckets
    ) -> HistogramFamily {
        family(name) { HistogramFamily(name: name, help: help, labelNames: labelNames, buckets: buckets) }
    }

    /// Registers `collect`, run before each exposition to refresh gauges that are read rather than pushed.
    public func onCollect(_ collect: @escaping @Sendable () -> Void) {
        collectors.withLock { $0.append(collect) }
    }

    /// Renders every family, sorted by name, as Prometheus text.
    public func exposition() -> String {
        for collect in collectors.withLock({ $0 }) { collect() }

        let sorted = families.withLock { $0.values.sorted { $0.name < $1.name } }
        var output = ""
        for family in sorted { family.render(into: &output) }
        return output
    }

    private func family<F: MetricFamily>(_ name: String, make: () -> F) -> F {
        families.withLock { families in
            if let existing = families[name] {
                guard let typed = existing as? F else {
                    preconditionFailure("metric \(name) registered twice with different types")
                }
                return typed
            }
            let created = make()
            families[name] = created
            return created
        }
    }
}

/// A named metric with children per label values.
protocol MetricFamily: AnyObject, Sendable {
    var name: String { get }
    func render(into output: inout String)
}

/// Formats label pairs and sample values as the exposition format expects.
enum Exposition {
    static func labels(_ names: [String], _ values: [String], extra: (String, String)? = nil) -> String {
        var pairs = zip(names, values).map { "\($0)=\"\(escape($1))\"" }
        if let extra { pairs.append("\(extra.0)=\"\(escape(extra.1))\"") }
        return pairs.isEmpty ? "" : "{" + pairs.joined(separator: ",") + "}"
    }

    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    static func number(_ value: Double) -> String {
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    static func header(_ name: String, _ help: String, _ type: String, into output: inout String) {
        output += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
    }
}
