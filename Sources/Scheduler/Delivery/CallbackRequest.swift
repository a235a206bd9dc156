import Foundation
import HTTP

/// Builds the signed HTTP request of one attempt.
///
/// Headers: `webhook-id` (the fire id, also the idempotency key), `webhook-timestamp`, `webhook-signature`
/// (Standard Webhooks v1), `meridian-job-id`, `meridian-scheduled-at` (nominal instant), `meridian-attempt`,
/// `meridian-trigger` and a W3C `traceparent`.
enum CallbackRequest {

    static func make(
        fire: QueuedFire, claim: DeliveryLedger.Claim, target: CallbackTarget, secret: String, signedAt: Date
    ) throws -> HTTPClientRequest {
        let fireID = fire.fireID.uuidString.lowercased()
        let timestamp = Int64(signedAt.timeIntervalSince1970)
        let scheduledAt = RFC3339.format(fire.nominalAt)
        let body = Array((target.body ?? envelope(fire: fire, claim: claim, scheduledAt: scheduledAt)).utf8)

        var request = HTTPClientRequest(method: target.method, url: target.url)
        request.body = body
        request.totalTimeout = .milliseconds(target.timeoutMs)
        request.connectTimeout = .milliseconds(min(target.timeoutMs, 5_000))
        for (name, value) in target.headers.sorted(by: { $0.key < $1.key }) { request.headers.add(name, value) }
        if request.headers["content-type"] == nil { request.headers.add("content-type", "application/json") }

        request.headers.add("webhook-id", fireID)
        request.headers.add("webhook-timestamp", String(timestamp))
        request.headers.add(
            "webhook-signature",
            try WebhookSigner(secret: secret).signature(
                id: fireID, timestamp: timestamp, body: body))
        request.headers.add("meridian-job-id", claim.jobID.uuidString.lowercased())
        request.headers.add("meridian-scheduled-at", scheduledAt)
        request.headers.add("meridian-attempt", String(claim.attempt))
        request.headers.add("meridian-trigger", claim.trigger)
        request.headers.add("traceparent", traceparent(fireID: fire.fireID, attempt: claim.attempt))
        return request
    }

    /// The default body: what fired, when and which attempt this is.
    static func envelope(fire: QueuedFire, claim: DeliveryLedger.Claim, scheduledAt: String) -> String {
        let object: [String: Any] = [
            "type": "meridian.fire",
            "fireId": fire.fireID.uuidString.lowercased(),
            "jobId": claim.jobID.uuidString.lowercased(),
            "jobName": claim.jobName ?? "",
            "scheduledAt": scheduledAt,
            "attempt": claim.attempt,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// Trace id from the fire id, so every attempt of a fire shares one trace; span id differs per attempt.
    static func traceparent(fireID: UUID, attempt: Int) -> String {
        let traceID = withUnsafeBytes(of: fireID.uuid) { $0.map { String(format: "%02x", $0) }.joined() }
        let spanID = HMACSHA256.randomBytes(8).map { String(format: "%02x", $0) }.joined()
        return "00-\(traceID)-\(spanID)-01"
    }
}

extension CallbackTarget {
    /// Longest accepted `timeoutMs`: five minutes.
    public static let maximumTimeoutMs = 300_000

    /// Header names (lowercase prefixes) a target may not set: Meridian's own and the framing ones libcurl sets.
    public static let reservedHeaderPrefixes = [
        "webhook-", "meridian-", "traceparent", "content-length", "host", "transfer-encoding",
    ]
}
