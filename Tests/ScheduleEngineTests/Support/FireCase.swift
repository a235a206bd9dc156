import Testing

@testable import ScheduleEngine

/// One row of a "schedule, zone, start → expected UTC instants" table.
struct FireCase: CustomTestStringConvertible, Sendable {
    var schedule: String
    var zone: String
    var from: String
    var expected: [String]
    var policy: DSTPolicy = .shift
    var note: String

    init(
        _ note: String, _ schedule: String, in zone: String = "UTC", from: String, _ expected: [String],
        policy: DSTPolicy = .shift
    ) {
        self.note = note
        self.schedule = schedule
        self.zone = zone
        self.from = from
        self.expected = expected
        self.policy = policy
    }

    var testDescription: String {
        "\(note): '\(schedule)' in \(zone)"
    }

    func check() throws {
        let actual = try TestTime.preview(schedule, from: from, count: expected.count, zone: zone, policy: policy)
        #expect(actual == expected)
    }
}
