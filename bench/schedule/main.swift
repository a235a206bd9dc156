// Next-fire throughput of the schedule engine against Foundation's Calendar.nextDate in the same run.
// Usage: bench/schedule/run.sh  (builds in release mode; see docs/schedules.md for recorded numbers)
import Foundation
import ScheduleEngine

/// One benchmarked expression with its Foundation equivalent (nil when Calendar cannot express it).
struct BenchmarkCase {
    var expression: String
    var components: DateComponents?
}

let cases = [
    BenchmarkCase(expression: "30 2 * * *", components: DateComponents(hour: 2, minute: 30, second: 0)),
    BenchmarkCase(expression: "0 * * * *", components: DateComponents(minute: 0, second: 0)),
    BenchmarkCase(expression: "0 0 1 * *", components: DateComponents(day: 1, hour: 0, minute: 0, second: 0)),
    BenchmarkCase(expression: "0 9 * * 1", components: DateComponents(hour: 9, minute: 0, second: 0, weekday: 2)),
    BenchmarkCase(expression: "*/5 9-17 * * MON-FRI", components: nil),
    BenchmarkCase(expression: "0 0 L 2 *", components: nil),
    BenchmarkCase(expression: "15 10 * * 5#3", components: nil),
]
let zones = ["UTC", "Europe/Berlin"]
let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
let end = Date(timeIntervalSince1970: 1_830_297_600)  // 2028-01-01T00:00:00Z
let budget = Duration.milliseconds(400)

/// Calls `step` on a chain of instants (each call starts after the previous result, wrapping at `end`) until the
/// budget is spent; returns nanoseconds per call.
func measure(_ step: (Date) -> Date?) -> Double {
    let clock = ContinuousClock()
    var cursor = start
    var calls = 0
    let began = clock.now
    while clock.now - began < budget {
        for _ in 0..<1_000 {
            let next = step(cursor) ?? start
            cursor = next < end ? next : start
        }
        calls += 1_000
    }
    let elapsed = clock.now - began
    let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
    return nanoseconds / Double(calls)
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

print(pad("expression", 24) + pad("zone", 16) + pad("engine ns/next", 16) + pad("Calendar ns/next", 18) + "speed-up")
for zoneName in zones {
    let zone = try ScheduleTimeZone(identifier: zoneName)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: zoneName)!

    for benchmarkCase in cases {
        let schedule = try Schedule(parsing: benchmarkCase.expression)
        let engine = measure { try? schedule.next(after: $0, in: zone, anchor: start)?.instant }
        var line = pad(benchmarkCase.expression, 24) + pad(zoneName, 16) + pad(String(format: "%.0f", engine), 16)
        if let components = benchmarkCase.components {
            let foundation = measure {
                calendar.nextDate(after: $0, matching: components, matchingPolicy: .nextTime)
            }
            line += pad(String(format: "%.0f", foundation), 18) + String(format: "%.1fx", foundation / engine)
        } else {
            line += pad("n/a", 18) + "-"
        }
        print(line)
    }
}

// Catch-up planning after a long stop: the work must not grow with the number of missed instants.
let outage: [(String, String, MisfireRules)] = [
    ("@every 1s", "UTC", MisfireRules()),
    ("*/5 * * * *", "Europe/Berlin", MisfireRules(policy: .fireAll, maxCatchUp: 100)),
    ("* * * * * *", "Europe/Berlin", MisfireRules(policy: .skip)),
]
print("")
print(pad("catch-up after a 3-day stop", 40) + pad("zone", 16) + "µs/plan")
for (expression, zoneName, rules) in outage {
    let schedule = try Schedule(parsing: expression)
    let zone = try ScheduleTimeZone(identifier: zoneName)
    let due = start.addingTimeInterval(1)
    let now = start.addingTimeInterval(3 * 86_400)
    let clock = ContinuousClock()
    var plans = 0
    let began = clock.now
    while clock.now - began < budget {
        let plan = try schedule.planCatchUp(
            due: due, now: now, in: zone, anchor: start, dstPolicy: .shift, rules: rules
        )
        plans += plan.omittedCount > 0 ? 1 : 0
    }
    let elapsed = clock.now - began
    let microseconds = (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12)
    print(
        pad("\(expression) (\(rules.policy.rawValue))", 40) + pad(zoneName, 16)
            + String(format: "%.1f", microseconds / Double(plans)))
}
