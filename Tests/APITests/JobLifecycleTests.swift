import Foundation
import HTTP
import Testing

@testable import API

/// Create, read, list, patch, pause, resume, trigger and delete through the API against real Postgres.
@Suite struct JobLifecycleTests {
    static func body(name: String, schedule: String = "*/5 * * * *", extra: String = "") -> String {
        #"{"name":"\#(name)","schedule":"\#(schedule)","target":{"url":"https://example.com/hook"}\#(extra)}"#
    }

    @Test func createdJobIsReadableWithServerFieldsAndDefaults() throws {
        let harness = try APIHarness()
        let created = harness.send(
            "POST", "/v1/jobs", body: Self.body(name: "report", extra: #","timeZone":"Europe/Berlin""#))
        #expect(created.status == 201)
        let job = APIHarness.json(created)
        let id = try #require(job["id"] as? String)
        #expect(created.headers["location"] == "/v1/jobs/\(id)")
        #expect(job["status"] as? String == "active")
        #expect(job["isActive"] as? Bool == true)
        #expect(job["version"] as? Int == 1)
        #expect(job["timeZone"] as? String == "Europe/Berlin")
        #expect(job["misfirePolicy"] as? String == "fireOnce")
        #expect((job["target"] as? [String: Any])?["method"] as? String == "POST")
        #expect((job["retry"] as? [String: Any])?["maxAttempts"] as? Int == 3)
        let next = try #require((job["nextExecutionAt"] as? String).flatMap(RFC3339.parse))
        #expect(next > Date() && next <= Date().addingTimeInterval(301))

        let read = harness.send("GET", "/v1/jobs/\(id)")
        #expect(read.status == 200)
        #expect(APIHarness.json(read)["name"] as? String == "report")
    }

    @Test func anotherTenantCannotSeeTheJob() throws {
        let owner = try APIHarness()
        let stranger = try APIHarness()
        let id = try #require(
            APIHarness.json(owner.send("POST", "/v1/jobs", body: Self.body(name: "mine")))["id"] as? String)

        #expect(stranger.send("GET", "/v1/jobs/\(id)").status == 404)
        #expect(stranger.send("DELETE", "/v1/jobs/\(id)").status == 404)
        #expect(owner.send("GET", "/v1/jobs/\(id)").status == 200)
    }

    @Test func listingPagesNewestFirstWithACursor() throws {
        let harness = try APIHarness()
        for index in 0..<5 { _ = harness.send("POST", "/v1/jobs", body: Self.body(name: "job-\(index)")) }

        var names: [String] = []
        var cursor: String?
        for _ in 0..<5 {
            let path = "/v1/jobs?limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
            let page = APIHarness.json(harness.send("GET", path))
            names += ((page["items"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
            cursor = page["nextCursor"] as? String
            if cursor == nil { break }
        }
        #expect(names == ["job-4", "job-3", "job-2", "job-1", "job-0"])
    }

    @Test func patchMergesValidatesAndHonoursIfMatch() throws {
        let harness = try APIHarness()
        let id = try #require(
            APIHarness.json(harness.send("POST", "/v1/jobs", body: Self.body(name: "a")))["id"] as? String)

        let renamed = harness.send("PATCH", "/v1/jobs/\(id)", body: #"{"name":"b","target":{"timeoutMs":5000}}"#)
        #expect(renamed.status == 200)
        let job = APIHarness.json(renamed)
        #expect(job["name"] as? String == "b")
        #expect((job["target"] as? [String: Any])?["url"] as? String == "https://example.com/hook")
        #expect((job["target"] as? [String: Any])?["timeoutMs"] as? Int == 5000)
        #expect(job["version"] as? Int == 2)

        let stale = harness.send("PATCH", "/v1/jobs/\(id)", body: #"{"name":"c"}"#, headers: ["if-match": "\"1\""])
        #expect(stale.status == 412)
        let invalid = harness.send("PATCH", "/v1/jobs/\(id)", body: #"{"schedule":"bad"}"#)
        #expect(APIHarness.json(invalid)["field"] as? String == "schedule")
        #expect(APIHarness.json(harness.send("GET", "/v1/jobs/\(id)"))["name"] as? String == "b")
    }

    @Test func pauseResumeTriggerAndDelete() throws {
        let harness = try APIHarness()
        let id = try #require(
            APIHarness.json(harness.send("POST", "/v1/jobs", body: Self.body(name: "p")))["id"] as? String)

        let paused = APIHarness.json(harness.send("POST", "/v1/jobs/\(id)/pause"))
        #expect(paused["status"] as? String == "paused")
        #expect(paused["isActive"] as? Bool == false)
        let resumed = APIHarness.json(harness.send("POST", "/v1/jobs/\(id)/resume"))
        #expect(resumed["status"] as? String == "active")

        let triggered = harness.send("POST", "/v1/jobs/\(id)/trigger")
        #expect(triggered.status == 202)
        #expect(APIHarness.json(triggered)["state"] as? String == "pending")
        let runs = APIHarness.json(harness.send("GET", "/v1/jobs/\(id)/runs"))
        #expect((runs["items"] as? [[String: Any]])?.count == 1)

        #expect(harness.send("DELETE", "/v1/jobs/\(id)").status == 204)
        #expect(harness.send("GET", "/v1/jobs/\(id)").status == 404)
    }

    @Test func signingSecretIsStablePerTenant() throws {
        let harness = try APIHarness()
        let first = APIHarness.json(harness.send("GET", "/v1/signing-secret"))["secret"] as? String
        let second = APIHarness.json(harness.send("GET", "/v1/signing-secret"))["secret"] as? String
        #expect(first?.hasPrefix("whsec_") == true)
        #expect(first == second)
    }
}
