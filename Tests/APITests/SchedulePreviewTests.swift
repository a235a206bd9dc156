import Foundation
import HTTP
import Testing

@testable import API

/// `GET /v1/schedules/preview` shows upcoming instants in UTC and local time and marks DST shifts.
@Suite struct SchedulePreviewTests {
    @Test func springForwardGapIsShiftedToTheEndOfTheGap() throws {
        let harness = try APIHarness()
        let response = harness.send(
            "GET",
            "/v1/schedules/preview?schedule=30%202%20*%20*%20*&timeZone=Europe/Berlin&from=2026-03-28T00:00:00Z&count=3"
        )
        #expect(response.status == 200)

        let items = try #require(APIHarness.json(response)["items"] as? [[String: Any]])
        #expect(
            items.compactMap { $0["utc"] as? String } == [
                "2026-03-28T01:30:00.000Z", "2026-03-29T01:00:00.000Z", "2026-03-30T00:30:00.000Z",
            ])
        #expect(items.map { $0["isShifted"] as? Bool } == [false, true, false])
        #expect(items[1]["shiftReason"] is String)
    }

    @Test(arguments: [
        ("schedule=bad", "schedule"), ("schedule=*%20*%20*%20*%20*&timeZone=Nowhere/City", "timeZone"),
        ("schedule=*%20*%20*%20*%20*&count=0", "count"), ("schedule=*%20*%20*%20*%20*&from=yesterday", "from"),
        ("count=3", "schedule"), ("schedule=*%20*%20*%20*%20*&dstPolicy=maybe", "dstPolicy"),
    ])
    func badParametersNameTheField(query: String, field: String) throws {
        let harness = try APIHarness()
        let response = harness.send("GET", "/v1/schedules/preview?\(query)")
        #expect(response.status == 400)
        #expect(APIHarness.json(response)["field"] as? String == field)
    }
}
