import Foundation
import Testing

@testable import ScheduleEngine

/// The TZif reader and POSIX footer rules, checked offset by offset against Python's zoneinfo.
@Suite struct ScheduleTimeZoneTests {
    static let zones = [
        "Europe/Berlin", "Europe/Zurich", "Europe/London", "Europe/Dublin", "America/Chicago", "America/New_York",
        "America/Phoenix", "America/St_Johns", "America/Santiago", "America/Nuuk", "America/Havana",
        "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Auckland", "Pacific/Chatham", "Asia/Kolkata",
        "Asia/Tehran", "Africa/Casablanca", "Antarctica/Troll", "Etc/GMT+5", "UTC",
    ]

    @Test func offsetsMatchZoneinfoFrom1970To2399() throws {
        var random = SeededGenerator(seed: 42)
        var queries: [CronsimOracle.OffsetQuery] = []
        for zone in Self.zones {
            var instants = (0..<400).map { _ in Int.random(in: 0..<4_102_444_800, using: &random) }
            instants += (0..<100).map { _ in Int.random(in: 4_102_444_800..<13_569_465_600, using: &random) }
            let transitions = TestTime.zone(zone).timeline.transitions.filter { $0 > 0 && $0 < 2_524_608_000 }
            instants += transitions.flatMap { [$0 - 1, $0, $0 + 1] }
            queries.append(CronsimOracle.OffsetQuery(zone: zone, instants: instants))
        }

        let expected = try CronsimOracle.offsets(queries)
        #expect(expected.count == queries.count)
        var mismatches: [String] = []
        for (query, offsets) in zip(queries, expected) {
            let timeline = TestTime.zone(query.zone).timeline
            for (instant, offset) in zip(query.instants, offsets) where timeline.offset(at: instant) != offset {
                mismatches.append(
                    "\(query.zone) at \(instant): zoneinfo \(offset), engine \(timeline.offset(at: instant))")
            }
        }
        #expect(mismatches.count == 0, "\(mismatches.count) mismatches: \(mismatches.prefix(10))")
    }

    @Test func zonesAreCachedAndCompareByIdentifier() throws {
        let first = try ScheduleTimeZone(identifier: "Europe/Berlin")
        let second = try ScheduleTimeZone(identifier: "Europe/Berlin")
        #expect(first == second)
        #expect(first.timeline === second.timeline)
        #expect(first != ScheduleTimeZone.utc)
        #expect(try ScheduleTimeZone(identifier: "UTC") == .utc && ScheduleTimeZone.utc.identifier == "UTC")
    }

    @Test func wallTimesResolveToUniqueRepeatedOrGap() throws {
        let berlin = TestTime.zone("Europe/Berlin").timeline
        let springGapWall = CivilCalendar.dayNumber(year: 2026, month: 3, day: 29) * 86_400 + 2 * 3600 + 1800
        let repeatedWall = CivilCalendar.dayNumber(year: 2026, month: 10, day: 25) * 86_400 + 2 * 3600 + 1800
        let ordinaryWall = CivilCalendar.dayNumber(year: 2026, month: 6, day: 1) * 86_400

        #expect(berlin.resolve(wall: springGapWall) == .gap(end: 1_774_746_000))
        #expect(berlin.resolve(wall: repeatedWall) == .repeated(first: 1_792_888_200, second: 1_792_891_800))
        #expect(berlin.resolve(wall: ordinaryWall) == .unique(ordinaryWall - 7200))
    }

    @Test func posixFooterRulesParse() throws {
        let rule = try #require(PosixTimeZoneRule(parsing: "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1"))
        #expect(rule.standardOffset == -10_800 && rule.daylightOffset == -7_200)
        #expect(rule.daylightStart == .init(day: .monthWeekDay(month: 3, week: 5, weekday: 0), secondOfDay: -7_200))
        #expect(PosixTimeZoneRule(parsing: "IST-5:30")?.standardOffset == 19_800)
        #expect(PosixTimeZoneRule(parsing: "EST5EDT,M3.2.0,M11.1.0")?.daylightOffset == -14_400)
        #expect(PosixTimeZoneRule(parsing: "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0") != nil)
        #expect(PosixTimeZoneRule(parsing: "X1") == nil)
        #expect(PosixTimeZoneRule(parsing: "CET-1CEST,M3.5.0") == nil)
    }

    @Test func truncatedOrForeignFilesAreRefused() {
        let berlin = (try? Data(contentsOf: URL(fileURLWithPath: "/usr/share/zoneinfo/Europe/Berlin"))) ?? Data()
        #expect(berlin.count > 100)
        for length in [0, 10, 44, 60, berlin.count / 2] {
            #expect(throws: TZifReader.Failure.self) { try TZifReader.timeline(from: Array(berlin.prefix(length))) }
        }
        #expect(throws: TZifReader.Failure.self) { try TZifReader.timeline(from: Array("not a zone file".utf8)) }
    }
}
