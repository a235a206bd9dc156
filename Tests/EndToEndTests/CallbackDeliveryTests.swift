import Foundation
import HTTP
import Testing

/// A real node and receiver: jobs created over REST fire signed callbacks on time, and failures retry.
@Suite(.serialized) struct CallbackDeliveryTests {
    @Test func everySecondJobDeliversSignedCallbacksAndRecordsSucceededRuns() throws {
        let deployment = try TestDeployment()
        defer { deployment.stop() }

        let (status, created) = try deployment.api(
            "POST", "/v1/jobs",
            body: [
                "name": "heartbeat", "schedule": "@every 1s",
                "target": ["url": deployment.receiverURL + "/ok", "timeoutMs": 2_000],
            ])
        #expect(status == 201, "create answered \(status): \(String(describing: created))")
        let jobID = try #require((created as? [String: Any])?["id"] as? String)

        var callbacks: [[String: Any]] = []
        try eventually(timeout: 20, "three callbacks of job \(jobID)") {
            callbacks = try deployment.received().filter { $0["jobId"] as? String == jobID }
            return callbacks.count >= 3
        }
        #expect(callbacks.allSatisfy { $0["signatureValid"] as? Bool == true })
        #expect(Set(callbacks.compactMap { $0["fireId"] as? String }).count == callbacks.count)
        #expect(Set(callbacks.compactMap { $0["scheduledAt"] as? String }).count == callbacks.count)

        var succeeded: [[String: Any]] = []
        try eventually(timeout: 10, "three succeeded runs") {
            let (_, page) = try deployment.api("GET", "/v1/jobs/\(jobID)/runs?limit=50")
            let runs = ((page as? [String: Any])?["items"] as? [[String: Any]]) ?? []
            succeeded = runs.filter { $0["state"] as? String == "succeeded" }
            return succeeded.count >= 3
        }
        for run in succeeded {
            #expect(run["httpStatus"] as? Int == 200)
            #expect(run["attempt"] as? Int == 1)
            let lateness = try #require(run["latenessMs"] as? Double)
            #expect(lateness >= 0 && lateness < 1_000, "lateness \(lateness) ms")
        }
    }

    @Test func failingTargetIsRetriedWithGrowingDelaysThenDead() throws {
        let deployment = try TestDeployment()
        defer { deployment.stop() }

        let (status, created) = try deployment.api(
            "POST", "/v1/jobs",
            body: [
                "name": "flaky", "schedule": "@every 1h",
                "target": ["url": deployment.receiverURL + "/status/500", "timeoutMs": 2_000],
                "retry": ["maxAttempts": 4, "initialDelayMs": 200, "maxDelayMs": 5_000, "jitter": "none"],
            ])
        #expect(status == 201, "create answered \(status): \(String(describing: created))")
        let jobID = try #require((created as? [String: Any])?["id"] as? String)
        let (triggered, _) = try deployment.api("POST", "/v1/jobs/\(jobID)/trigger")
        #expect(triggered == 202)

        var attempts: [[String: Any]] = []
        try eventually(timeout: 20, "four attempts") {
            attempts = try deployment.received().filter { $0["jobId"] as? String == jobID }
            return attempts.count >= 4
        }
        #expect(Set(attempts.compactMap { $0["fireId"] as? String }).count == 1)
        #expect(attempts.compactMap { $0["attempt"] as? Int } == [1, 2, 3, 4])

        let instants = attempts.compactMap { ($0["receivedAt"] as? String).flatMap(RFC3339.parse) }
        let gaps = zip(instants.dropFirst(), instants).map { $0.timeIntervalSince($1) }
        #expect(gaps.count == 3)
        for (gap, expected) in zip(gaps, [0.2, 0.4, 0.8]) {
            #expect(gap >= expected - 0.01 && gap < expected + 0.5, "gap \(gap) s, expected about \(expected) s")
        }

        try eventually(timeout: 10, "the run to end dead") {
            let (_, page) = try deployment.api("GET", "/v1/jobs/\(jobID)/runs")
            let run = ((page as? [String: Any])?["items"] as? [[String: Any]])?.first
            return run?["state"] as? String == "dead" && run?["attempt"] as? Int == 4
                && run?["httpStatus"] as? Int == 500
        }
    }

    @Test func requestsWithoutAValidTokenAreRejected() throws {
        let deployment = try TestDeployment()
        defer { deployment.stop() }

        let (missing, problem) = try deployment.api("GET", "/v1/jobs", token: "")
        #expect(missing == 401)
        #expect((problem as? [String: Any])?["code"] as? String == "unauthorized")
        let (forged, _) = try deployment.api("GET", "/v1/jobs", token: deployment.token + "x")
        #expect(forged == 401)
        let (fine, _) = try deployment.api("GET", "/v1/jobs")
        #expect(fine == 200)
    }
}
