import Foundation
import Testing

@testable import Scheduler

@Suite struct RetryPolicyTests {
    @Test(arguments: [
        (1, 0.0, 0), (1, 0.5, 500), (2, 0.5, 1_000), (3, 0.999, 3_996), (8, 1.0, 60_000), (30, 0.25, 15_000),
    ])
    func fullJitterDrawsFromADoublingWindow(attempt: Int, random: Double, expected: Int) {
        let policy = RetryPolicy(maxAttempts: 10, initialDelayMs: 1_000, maxDelayMs: 60_000)
        #expect(policy.delayMs(after: attempt, random: random) == expected)
    }

    @Test func equalJitterNeverShrinksBetweenAttempts() {
        let policy = RetryPolicy(maxAttempts: 10, initialDelayMs: 100, maxDelayMs: 100_000, jitter: .equal)
        for attempt in 1..<9 {
            let mostOfThis = policy.delayMs(after: attempt, random: 0.999_999)
            let leastOfNext = policy.delayMs(after: attempt + 1, random: 0)
            #expect(leastOfNext >= mostOfThis)
        }
    }

    @Test func retryAfterIsHonouredAndCapped() {
        let policy = RetryPolicy(maxAttempts: 5, initialDelayMs: 100, maxDelayMs: 1_000)
        #expect(policy.delayMs(after: 1, retryAfterMs: 7_000, random: 0.5) == 7_000)
        #expect(policy.delayMs(after: 1, retryAfterMs: 10_000_000, random: 0.5) == RetryPolicy.retryAfterLimitMs)
        #expect(policy.delayMs(after: 4, retryAfterMs: 10, random: 1) == 800)
    }

    @Test func attemptsAreBounded() {
        let policy = RetryPolicy(maxAttempts: 3)
        #expect(policy.allowsRetry(after: 1))
        #expect(policy.allowsRetry(after: 2))
        #expect(!policy.allowsRetry(after: 3))
    }
}

@Suite struct WebhookSignerTests {
    @Test func signatureMatchesStandardWebhooksReferenceVector() throws {
        // Vector published with the Standard Webhooks specification.
        let signer = try WebhookSigner(secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        let body = Array(#"{"test": 2432232314}"#.utf8)
        let signature = signer.signature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: body)
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func verificationRejectsTamperingAndStaleTimestamps() throws {
        let signer = try WebhookSigner(secret: WebhookSigner.makeSecret())
        let body = Array("payload".utf8)
        let header = "v0,abc " + signer.signature(id: "f1", timestamp: 1_000, body: body)

        try signer.verify(id: "f1", timestamp: 1_000, body: body, signatureHeader: header, now: 1_010)
        #expect(throws: WebhookSignatureError.self) {
            try signer.verify(
                id: "f1", timestamp: 1_000, body: Array("other".utf8), signatureHeader: header, now: 1_010)
        }
        #expect(throws: WebhookSignatureError.self) {
            try signer.verify(id: "f1", timestamp: 1_000, body: body, signatureHeader: header, now: 2_000)
        }
    }

    @Test(arguments: ["", "whsec_", "whsec_!!notbase64", "whsec_c2hvcnQ="])
    func malformedSecretsAreRejected(secret: String) {
        #expect(throws: WebhookSignatureError.self) { try WebhookSigner(secret: secret) }
    }
}

@Suite struct PageCursorTests {
    @Test func roundTripsThroughItsToken() throws {
        let cursor = PageCursor(instant: Date(timeIntervalSince1970: 1_780_000_000.123456), id: UUID())
        let parsed = try #require(PageCursor(token: cursor.token))
        #expect(parsed.id == cursor.id)
        #expect(abs(parsed.instant.timeIntervalSince(cursor.instant)) < 0.000_001)
    }

    @Test(arguments: ["", "zzz", "bm90LWEtY3Vyc29y", String(repeating: "A", count: 200)])
    func rejectsForeignTokens(token: String) {
        #expect(PageCursor(token: token) == nil)
    }
}

@Suite struct QueueScoreTests {
    @Test func higherPrioritySortsFirstWithinAMillisecond() {
        let high = Double(QueuedFire.score(dueAtMs: 1_780_000_000_000, priority: 9))!
        let low = Double(QueuedFire.score(dueAtMs: 1_780_000_000_000, priority: 0))!
        let later = Double(QueuedFire.score(dueAtMs: 1_780_000_000_001, priority: 9))!
        #expect(high < low)
        #expect(low < later)
    }
}
