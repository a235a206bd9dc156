import Synchronization

/// Cumulative bucket counts, sum and count of observations.
public struct Histogram: Sendable {
    /// Default bounds in seconds, from 0.5 ms to 10 s; fits request durations and fire lateness.
    public static let latencyBuckets: [Double] = [
        0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    var bucketCounts: [UInt64]
    var sum: Double = 0
    var count: UInt64 = 0

    init(bucketCount: Int) {
        bucketCounts = Array(repeating: 0, count: bucketCount)
    }
}

/// A family of histograms sharing one set of bucket bounds.
public final class HistogramFamily: MetricFamily, Sendable {
    let name: String
    let help: String
    let labelNames: [String]
    let buckets: [Double]
    private let values: Mutex<[[String]: Histogram]> = Mutex([:])

    init(name: String, help: String, labelNames: [String], buckets: [Double]) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
        self.buckets = buckets
    }

    /// Records `value` (in the family's unit) for `labelValues`.
    public func observe(_ value: Double, _ labelValues: String...) {
        precondition(labelValues.count == labelNames.count, "label count mismatch for \(name)")
        let index = buckets.firstIndex { value <= $0 }

        values.withLock { values in
            var histogram = values[labelValues] ?? Histogram(bucketCount: buckets.count)
            if let index { histogram.bucketCounts[index] += 1 }
            histogram.sum += value
            histogram.count += 1
            values[labelValues] = histogram
        }
    }

    /// The number of observations recorded for `labelValues`.
    public func count(_ labelValues: String...) -> UInt64 {
        values.withLock { $0[labelValues]?.count ?? 0 }
    }

    func render(into output: inout String) {
        Exposition.header(name, help, "histogram", into: &output)
        let snapshot = values.withLock { $0 }

        for (labelValues, histogram) in snapshot.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            var cumulative: UInt64 = 0
            for (bound, bucketCount) in zip(buckets, histogram.bucketCounts) {
                cumulative += bucketCount
                let labels = Exposition.labels(labelNames, labelValues, extra: ("le", Exposition.number(bound)))
                output += "\(name)_bucket\(labels) \(cumulative)\n"
            }
            let infinity = Exposition.labels(labelNames, labelValues, extra: ("le", "+Inf"))
            output += "\(name)_bucket\(infinity) \(histogram.count)\n"

            let labels = Exposition.labels(labelNames, labelValues)
            output += "\(name)_sum\(labels) \(Exposition.number(histogram.sum))\n"
            output += "\(name)_count\(labels) \(histogram.count)\n"
        }
    }
}
