import Testing

@testable import Telemetry

@Suite struct MetricsRegistryTests {
    @Test func exposesCountersWithEscapedLabels() {
        let registry = MetricsRegistry()
        let counter = registry.counter("meridian_test_total", help: "Test counter.", labels: ["route"])
        counter.increment("/v1/\"jobs\"")
        counter.increment("/v1/\"jobs\"", by: 2)

        let text = registry.exposition()
        #expect(text.contains("# TYPE meridian_test_total counter"))
        #expect(text.contains("meridian_test_total{route=\"/v1/\\\"jobs\\\"\"} 3"))
    }

    @Test func histogramBucketsAreCumulative() {
        let registry = MetricsRegistry()
        let histogram = registry.histogram("latency_seconds", help: "Latency.", buckets: [0.1, 1])
        histogram.observe(0.05)
        histogram.observe(0.5)
        histogram.observe(5)

        let text = registry.exposition()
        #expect(text.contains("latency_seconds_bucket{le=\"0.1\"} 1"))
        #expect(text.contains("latency_seconds_bucket{le=\"1\"} 2"))
        #expect(text.contains("latency_seconds_bucket{le=\"+Inf\"} 3"))
        #expect(text.contains("latency_seconds_count 3"))
    }

    @Test func collectorsRunBeforeExposition() {
        let registry = MetricsRegistry()
        let gauge = registry.gauge("depth", help: "Depth.")
        registry.onCollect { gauge.set(42) }
        #expect(registry.exposition().contains("depth 42"))
    }

    @Test func sameNameReturnsSameFamily() {
        let registry = MetricsRegistry()
        registry.counter("c_total", help: "C.").increment()
        registry.counter("c_total", help: "C.").increment()
        #expect(registry.counter("c_total", help: "C.").value() == 2)
    }
}

@Suite struct LoggerTests {
    @Test func writesOneJSONObjectPerLineWithMetadata() throws {
        let sink = LogSink.capture()
        let logger = Logger(label: "test", minimumLevel: .debug, sink: sink).with(["node.id": "n1"])
        logger.debug("Shard acquired", ["shard.id": "7", "note": "quote \" and\nnewline"])
        logger.trace("Dropped")

        #expect(sink.lines.count == 1)
        let line = try #require(sink.lines.first)
        #expect(line.hasPrefix("{\"ts\":"))
        #expect(line.contains("\"msg\":\"Shard acquired\""))
        #expect(line.contains("\"node.id\":\"n1\""))
        #expect(line.contains("\"note\":\"quote \\\" and\\nnewline\""))
    }
}
