import Foundation
import Testing

@testable import ScheduleEngine

/// Compares the engine's next instants with the independent Python implementation `cronsim` over thousands of
/// generated expressions, zones and start instants clustered around DST transitions.
@Suite struct CronsimDifferentialTests {
    static let zonesWithDST = [
        "Europe/Berlin", "Europe/Zurich", "America/Chicago", "America/New_York", "Australia/Sydney", "Europe/London",
        "America/St_Johns",
    ]
    /// cronsim mis-steps hours on the elapsed clock when DST moves by 30 minutes (docs/schedules.md), so this zone
    /// is compared on the wall clock only; ``CronsimDifferenceTests`` covers the elapsed clock.
    static let halfHourShiftZone = "Australia/Lord_Howe"
    static let zonesWithoutDST = ["UTC", "America/Phoenix", "Asia/Kolkata"]
    static let instantsPerCase = 6

    @Test func nextInstantsAgreeWithCronsimAcrossZonesAndTransitions() throws {
        let cases = makeCases(expressions: 2_500, startsPerExpression: 3)
        let answers = try CronsimOracle.run(cases.map(\.oracleCase))

        var compared = 0
        var instantsCompared = 0
        var disagreements: [String] = []
        for testCase in cases {
            guard let answer = answers[testCase.oracleCase.id] else {
                disagreements.append("\(testCase.oracleCase.expression): no oracle answer")
                continue
            }
            compared += 1
            instantsCompared += answer.instants?.count ?? 0
            if let problem = compare(testCase, with: answer) {
                disagreements.append(problem)
            }
        }

        #expect(compared >= 6_000, "too few cases reached the oracle: \(compared)")
        #expect(instantsCompared >= 40_000, "too few instants came back from the oracle: \(instantsCompared)")
        let report = disagreements.prefix(15).joined(separator: "\n")
        #expect(disagreements.count == 0, "\(disagreements.count) disagreements with cronsim, first ones:\n\(report)")
    }

    struct GeneratedCase {
        var oracleCase: CronsimOracle.Case
        var schedule: Schedule
    }

    private func makeCases(expressions: Int, startsPerExpression: Int) -> [GeneratedCase] {
        var generator = CronExpressionGenerator(random: SeededGenerator(seed: 2_026_03_29))
        var random = SeededGenerator(seed: 1_031)
        var cases: [GeneratedCase] = []

        for _ in 0..<expressions {
            let expression = generator.expression()
            guard let schedule = try? Schedule(parsing: expression), case .calendar(let rule) = schedule.rule else {
                continue
            }
            // cronsim has no wall clock for 6-field expressions: those run only where both clocks agree.
            let isSixFieldOnWallClock = rule.usesWallClock && expression.split(separator: " ").count == 6
            let zones =
                isSixFieldOnWallClock
                ? Self.zonesWithoutDST
                : Self.zonesWithDST + Self.zonesWithoutDST + (rule.usesWallClock ? [Self.halfHourShiftZone] : [])
            for _ in 0..<startsPerExpression {
                let zone = zones[Int.random(in: 0..<zones.count, using: &random)]
                let oracleCase = CronsimOracle.Case(
                    id: cases.count, expression: expression, zone: zone, start: startInstant(zone, using: &random),
                    count: Self.instantsPerCase + 2,
                    clock: rule.usesWallClock && !isSixFieldOnWallClock ? "wall" : "elapsed"
                )
                cases.append(GeneratedCase(oracleCase: oracleCase, schedule: schedule))
            }
        }
        return cases
    }

    /// Mostly within 36 hours of a DST transition of 2024–2028 (sometimes exactly on it), else anywhere in
    /// 2020–2035; rounded to the second, minute or hour.
    private func startInstant(_ identifier: String, using random: inout SeededGenerator) -> Int {
        let transitions = TestTime.zone(identifier).timeline.transitions.filter {
            (1_704_067_200..<1_861_920_000).contains($0)
        }
        guard !transitions.isEmpty, Int.random(in: 0..<10, using: &random) < 8 else {
            return Int.random(in: 1_577_836_800..<2_082_758_400, using: &random)
        }

        let transition = transitions[Int.random(in: 0..<transitions.count, using: &random)]
        switch Int.random(in: 0..<8, using: &random) {
        case 0: return transition + Int.random(in: -1...1, using: &random)
        case 1, 2: return transition + Int.random(in: -129_600...129_600, using: &random)
        case 3, 4: return transition + Int.random(in: -2_160...2_160, using: &random) * 60
        default:
            return transition + Int.random(in: -36...36, using: &random) * 3600
                + [0, 1800, 2700][Int.random(in: 0..<3, using: &random)]
        }
    }

    private func compare(_ testCase: GeneratedCase, with answer: CronsimOracle.Answer) -> String? {
        let oracle = testCase.oracleCase
        let label = "'\(oracle.expression)' in \(oracle.zone) after \(oracle.start) (\(oracle.clock))"
        guard let oracleInstants = answer.instants else {
            return "\(label): cronsim refused it: \(answer.error ?? "?")"
        }
        // cronsim can return an instant at or before the start inside a repeated hour (docs/schedules.md).
        let expected = Array(oracleInstants.filter { $0 > oracle.start }.prefix(Self.instantsPerCase))

        let ours: [Int]
        do {
            ours = try testCase.schedule.preview(
                from: Date(timeIntervalSince1970: Double(oracle.start)), count: expected.count,
                in: TestTime.zone(oracle.zone), anchor: Date(timeIntervalSince1970: 0)
            ).map { Int($0.instant.timeIntervalSince1970) }
        } catch {
            return "\(label): engine threw \(error)"
        }
        return ours == expected ? nil : "\(label):\n  cronsim \(expected)\n  engine  \(ours)"
    }
}
