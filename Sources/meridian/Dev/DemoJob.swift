import Foundation

/// A job as sent to `POST /v1/jobs`, and the few `dev up` creates to show the scheduler working.
struct DemoJob: Codable, Sendable {
    /// Where and how a job's callback is sent.
    struct Target: Codable, Sendable {
        var url: String
        var method = "POST"
        var headers: [String: String] = ["Content-Type": "application/json"]
        var body: String
        var timeoutMs = 5_000
    }

    /// How failed deliveries are retried.
    struct Retry: Codable, Sendable {
        var maxAttempts: Int
        var initialDelayMs: Int
        var maxDelayMs: Int
    }

    var name: String
    var schedule: String
    var timeZone = "UTC"
    var target: Target
    var retry: Retry
    var priority = 0

    /// The demo jobs, each calling `receiverURL` on its own path.
    static func samples(receiverURL: String) -> [DemoJob] {
        let standardRetry = Retry(maxAttempts: 5, initialDelayMs: 1_000, maxDelayMs: 30_000)
        func target(_ path: String) -> Target {
            Target(url: "\(receiverURL)\(path)", body: #"{"demo":"\#(path.split(separator: "/").last ?? "")"}"#)
        }

        return [
            DemoJob(name: "heartbeat", schedule: "@every 2s", target: target("/demo/heartbeat"), retry: standardRetry),
            DemoJob(
                name: "minutely-report", schedule: "* * * * *", target: target("/demo/minutely-report"),
                retry: standardRetry),
            DemoJob(
                name: "flaky", schedule: "@every 30s", target: target("/status/500"),
                retry: Retry(maxAttempts: 3, initialDelayMs: 500, maxDelayMs: 4_000)),
            DemoJob(
                name: "berlin-morning-digest", schedule: "0 9 * * 1-5", timeZone: "Europe/Berlin",
                target: target("/demo/berlin-morning-digest"), retry: standardRetry, priority: 5),
        ]
    }
}
