import Foundation
import Testing

@testable import ScheduleEngine

/// What each misfire policy produces after short and long stops, and that the work stays bounded.
@Suite struct CatchUpPlanTests {
    private func plan(
        _ text: String, due: String, now: String, zone: String = "UTC", rules: MisfireRules = MisfireRules(),
        anchor: String = "2026-01-01T00:00:00Z"
    ) throws -> CatchUpPlan {
        try Schedule(parsing: text).planCatchUp(
            due: TestTime.instant(due), now: TestTime.instant(now), in: TestTime.zone(zone),
            anchor: TestTime.instant(anchor), dstPolicy: .shift, rules: rules
        )
    }

    private func texts(_ dates: [Date]) -> [String] {
        dates.map(TestTime.utc)
    }

    @Test func anOnTimeInstantIsANormalFireUnderEveryPolicy() throws {
        for policy in MisfirePolicy.allCases {
            let result = try plan(
                "@every 1m", due: "2026-01-01T00:01:00Z", now: "2026-01-01T00:01:02Z",
                rules: MisfireRules(policy: policy)
            )
            #expect(texts(result.fire) == ["2026-01-01T00:01:00Z"])
            #expect(result.missed.isEmpty && result.skipped.isEmpty && result.omittedCount == 0)
            #expect(result.next.map { TestTime.utc($0.instant) } == "2026-01-01T00:02:00Z")
        }
    }

    @Test func fireOnceFiresTheLatestAndRecordsTheRestMissed() throws {
        let result = try plan("0 * * * *", due: "2026-01-01T10:00:00Z", now: "2026-01-01T13:30:00Z")
        #expect(texts(result.fire) == ["2026-01-01T13:00:00Z"])
        #expect(texts(result.missed) == ["2026-01-01T10:00:00Z", "2026-01-01T11:00:00Z", "2026-01-01T12:00:00Z"])
        #expect(result.skipped.isEmpty && result.omittedCount == 0)
        #expect(result.next.map { TestTime.utc($0.instant) } == "2026-01-01T14:00:00Z")
    }

    @Test func skipFiresNothingLateAndRecordsSkipped() throws {
        let result = try plan(
            "0 * * * *", due: "2026-01-01T10:00:00Z", now: "2026-01-01T13:30:00Z", rules: MisfireRules(policy: .skip)
        )
        #expect(result.fire.isEmpty)
        #expect(
            texts(result.skipped) == [
                "2026-01-01T10:00:00Z", "2026-01-01T11:00:00Z", "2026-01-01T12:00:00Z", "2026-01-01T13:00:00Z",
            ])
        #expect(result.missed.isEmpty)
    }

    @Test func fireAllFiresTheLatestUpToTheBound() throws {
        let result = try plan(
            "0 * * * *", due: "2026-01-01T10:00:00Z", now: "2026-01-01T13:30:00Z",
            rules: MisfireRules(policy: .fireAll, maxCatchUp: 2)
        )
        #expect(texts(result.fire) == ["2026-01-01T12:00:00Z", "2026-01-01T13:00:00Z"])
        #expect(texts(result.missed) == ["2026-01-01T10:00:00Z", "2026-01-01T11:00:00Z"])
    }

    @Test(arguments: MisfirePolicy.allCases)
    func instantsOlderThanTheWindowAreOnlyMissed(_ policy: MisfirePolicy) throws {
        let rules = MisfireRules(policy: policy, catchUpWindow: .seconds(7_200))
        let result = try plan("0 * * * *", due: "2026-01-01T10:00:00Z", now: "2026-01-01T13:30:00Z", rules: rules)
        let expectedFires: [MisfirePolicy: [String]] = [
            .fireOnce: ["2026-01-01T13:00:00Z"], .skip: [], .fireAll: ["2026-01-01T12:00:00Z", "2026-01-01T13:00:00Z"],
        ]
        #expect(texts(result.fire) == expectedFires[policy])
        #expect(texts(result.missed).prefix(2) == ["2026-01-01T10:00:00Z", "2026-01-01T11:00:00Z"])
        #expect(result.missed.count + result.skipped.count + result.fire.count == 4)
    }

    @Test func anEverySecondJobDownThreeDaysProducesABoundedPlanQuickly() throws {
        let clock = ContinuousClock()
        var result: CatchUpPlan?
        let elapsed = try clock.measure {
            result = try plan("@every 1s", due: "2026-01-01T00:00:01Z", now: "2026-01-04T00:00:00.500Z")
        }
        let outcome = try #require(result)
        #expect(texts(outcome.fire) == ["2026-01-04T00:00:00Z"])
        #expect(outcome.missed.count == CatchUpPlan.listLimit)
        #expect(TestTime.utc(outcome.missed[0]) == "2026-01-01T00:00:01Z")
        #expect(outcome.omittedCount == 259_200 - 1 - CatchUpPlan.listLimit)
        #expect(outcome.next.map { TestTime.utc($0.instant) } == "2026-01-04T00:00:01Z")
        #expect(elapsed < .milliseconds(200), "took \(elapsed)")
    }

    @Test func fireAllAfterALongStopIsBoundedByMaxCatchUp() throws {
        let rules = MisfireRules(policy: .fireAll, maxCatchUp: 1_000)
        let result = try plan("* * * * * *", due: "2026-01-01T00:00:00Z", now: "2026-01-04T00:00:00Z", rules: rules)
        #expect(result.fire.count == 1_000)
        #expect(TestTime.utc(result.fire.last!) == "2026-01-04T00:00:00Z")
        #expect(TestTime.utc(result.fire.first!) == "2026-01-03T23:43:21Z")
        #expect(result.missed.count == 100)
        #expect(result.omittedCount == 3 * 86_400 + 1 - 1_000 - 100)
    }

    @Test func nothingIsDueBeforeTheDueInstant() throws {
        let result = try plan("0 * * * *", due: "2026-01-01T11:00:00Z", now: "2026-01-01T10:59:59Z")
        #expect(result.fire.isEmpty && result.missed.isEmpty && result.omittedCount == 0)
        #expect(result.next.map { TestTime.utc($0.instant) } == "2026-01-01T11:00:00Z")
    }

    @Test func aPastAtFiresOnceAndEnds() throws {
        let late = try plan("@at 2026-01-01T09:00:00Z", due: "2026-01-01T09:00:00Z", now: "2026-01-01T10:00:00Z")
        #expect(texts(late.fire) == ["2026-01-01T09:00:00Z"] && late.next == nil)
        let skipped = try plan(
            "@at 2026-01-01T09:00:00Z", due: "2026-01-01T09:00:00Z", now: "2026-01-01T10:00:00Z",
            rules: MisfireRules(policy: .skip)
        )
        #expect(skipped.fire.isEmpty && texts(skipped.skipped) == ["2026-01-01T09:00:00Z"])
    }

    @Test func aShiftedDSTInstantFiresNormallyAndTheNextIsTheFollowingDay() throws {
        let result = try plan(
            "30 2 * * *", due: "2026-03-29T01:00:00Z", now: "2026-03-29T01:00:01Z", zone: "Europe/Berlin"
        )
        #expect(texts(result.fire) == ["2026-03-29T01:00:00Z"])
        #expect(result.next.map { TestTime.utc($0.instant) } == "2026-03-30T00:30:00Z")
    }

    @Test func rulesOutsideTheirRangesAreRejected() throws {
        let invalid = [
            MisfireRules(maxCatchUp: 0), MisfireRules(catchUpWindow: .seconds(-1)),
            MisfireRules(lateTolerance: .seconds(7_200)), MisfireRules(catchUpWindow: .seconds(400 * 86_400)),
        ]
        for rules in invalid {
            let error = try #require(throws: ScheduleError.self) { try rules.validate() }
            #expect(error.code == .invalidArgument && error.field?.hasPrefix("misfireRules.") == true)
        }
        #expect(MisfireRules().policy == .fireOnce && MisfireRules().catchUpWindow == .seconds(86_400))
    }

    @Test func countingMatchesEnumerationAcrossDSTTransitions() throws {
        var generator = CronExpressionGenerator(random: SeededGenerator(seed: 99))
        var random = SeededGenerator(seed: 5)
        let zones = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC"]
        var checked = 0
        var totalFires = 0
        while checked < 300 {
            guard let schedule = try? Schedule(parsing: generator.expression()) else { continue }
            let zone = TestTime.zone(zones[Int.random(in: 0..<zones.count, using: &random)])
            let transitions = zone.timeline.transitions.filter { (1_735_689_600..<1_830_297_600).contains($0) }
            let center = transitions.randomElement(using: &random) ?? 1_790_000_000
            let lower = (center + Int.random(in: -90_000...3_600, using: &random)) * 1000
            let upper = lower + Int.random(in: 1...200_000, using: &random) * 1000

            for policy in DSTPolicy.allCases {
                var enumerated = 0
                var cursor = lower
                while let fire = try schedule.nextFire(after: cursor, zone: zone.timeline, anchor: 0, policy: policy),
                    fire.milliseconds <= upper, enumerated < 300_000
                {
                    enumerated += 1
                    cursor = fire.milliseconds
                }
                let counted = schedule.countFires(
                    after: lower, through: upper, zone: zone.timeline, anchor: 0, policy: policy)
                totalFires += enumerated
                #expect(
                    counted == enumerated, "'\(schedule.text)' in \(zone.identifier) (\(lower), \(upper)] \(policy)")
            }
            checked += 1
        }
        #expect(totalFires > 10_000, "the generated ranges held too few fires to test counting: \(totalFires)")
    }
}
