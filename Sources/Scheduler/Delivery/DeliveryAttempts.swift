import Foundation
import HTTP
import Telemetry

/// One callback attempt from claim to recorded outcome.
struct DeliveryAttempts: Sendable {
    let ledger: DeliveryLedger
    let queue: DeliveryQueue
    let client: HTTPClient
    let logger: Logger
    let leaseGrace: Duration
    private let lateness: HistogramFamily
    private let durations: HistogramFamily
    private let outcomes: CounterFamily

    init(
        ledger: DeliveryLedger, queue: DeliveryQueue, client: HTTPClient, logger: Logger, metrics: MetricsRegistry,
        leaseGrace: Duration
    ) {
        self.ledger = ledger
        self.queue = queue
        self.client = client
        self.logger = logger
        self.leaseGrace = leaseGrace
        lateness = metrics.histogram(
            "meridian_fire_lateness_seconds", help: "Delay from a fire's nominal instant to its first attempt.")
        durations = metrics.histogram(
            "meridian_callback_duration_seconds", help: "Callback attempt duration by outcome.", labels: ["outcome"])
        outcomes = metrics.counter(
            "meridian_callback_attempts_total", help: "Callback attempts by outcome.", labels: ["outcome"])
    }

    /// 1. Claim the attempt in the ledger. 2. Wait for the instant. 3. Call the target. 4. Record and requeue.
    /// `done` runs exactly once, when the attempt is over.
    func deliver(_ fire: QueuedFire, done: @escaping @Sendable () -> Void) {
        let claim: DeliveryLedger.Claim
        do {
            guard let claimed = try ledger.claim(fire, leaseMs: leaseMs(for: nil)) else {
                try? queue.acknowledge(fire.fireID)
                return done()
            }
            claim = claimed
        } catch {
            logger.info(
                "Delivery claim failed", ["fire.id": fire.fireID.uuidString, "error": String(describing: error)])
            return done()
        }

        guard let target = claim.target, let secret = claim.signingSecret, claim.jobStatus != "paused" else {
            let reason = claim.target == nil ? "job deleted" : "job paused"
            finish(fire, claim: claim, outcome: skipped(reason), done: done)
            return
        }

        waitUntil(milliseconds: fire.dueAtMs)
        let startedAt = Date()
        let request: HTTPClientRequest
        do {
            request = try CallbackRequest.make(
                fire: fire, claim: claim, target: target, secret: secret, sentAt: startedAt)
        } catch {
            finish(fire, claim: claim, outcome: skipped("cannot sign: \(error)"), done: done)
            return
        }

        client.execute(request) { result in
            let outcome = classify(result, fire: fire, claim: claim, startedAt: startedAt)
            finish(fire, claim: claim, outcome: outcome, done: done)
        }
    }

    private func classify(
        _ result: Result<HTTPClientResponse, HTTPError>, fire: QueuedFire, claim: DeliveryLedger.Claim, startedAt: Date
    ) -> DeliveryLedger.Outcome {
        let latenessMs = startedAt.timeIntervalSince(fire.nominalAt) * 1000
        var outcome = DeliveryLedger.Outcome(state: .succeeded, startedAt: startedAt, latenessMs: latenessMs)
        var retryAfterMs: Int?

        switch result {
        case .success(let response) where (200..<300).contains(response.status):
            outcome.httpStatus = response.status
            observe("succeeded", since: startedAt, lateness: latenessMs, attempt: claim.attempt)
            return outcome
        case .success(let response):
            outcome.httpStatus = response.status
            outcome.error = "target answered \(response.status)"
            if response.status == 429 || response.status == 503 {
                retryAfterMs = response.headers["retry-after"].flatMap(RetryAfter.milliseconds)
            }
        case .failure(let error):
            outcome.error = error.description
        }

        let retry = claim.retry ?? RetryPolicy()
        if retry.allowsRetry(after: claim.attempt) {
            let delay = retry.delayMs(
                after: claim.attempt, retryAfterMs: retryAfterMs, random: Double.random(in: 0..<1))
            outcome.state = .failed
            outcome.nextAttemptAt = Date().addingTimeInterval(Double(delay) / 1000)
        } else {
            outcome.state = .dead
        }
        observe(outcome.state.rawValue, since: startedAt, lateness: latenessMs, attempt: claim.attempt)
        return outcome
    }

    private func finish(
        _ fire: QueuedFire, claim: DeliveryLedger.Claim, outcome: DeliveryLedger.Outcome,
        done: @escaping @Sendable () -> Void
    ) {
        defer { done() }
        do {
            try ledger.record(outcome, fire: fire, attempt: claim.attempt)
            if let next = outcome.nextAttemptAt {
                try queue.reschedule(fire, dueAtMs: Int64(next.timeIntervalSince1970 * 1000))
            } else {
                try queue.acknowledge(fire.fireID)
            }
        } catch {
            // The claim's lease expires and the reconciler requeues the fire; the ledger guard keeps it single.
            logger.info(
                "Outcome not recorded", ["fire.id": fire.fireID.uuidString, "error": String(describing: error)])
        }
    }

    private func skipped(_ reason: String) -> DeliveryLedger.Outcome {
        DeliveryLedger.Outcome(state: .skipped, error: reason, startedAt: Date(), latenessMs: 0)
    }

    private func observe(_ outcome: String, since startedAt: Date, lateness latenessMs: Double, attempt: Int) {
        outcomes.increment(outcome)
        durations.observe(Date().timeIntervalSince(startedAt), outcome)
        if attempt == 1 { lateness.observe(max(latenessMs, 0) / 1000) }
    }

    private func leaseMs(for target: CallbackTarget?) -> Int64 {
        Int64(CallbackTarget.maximumTimeoutMs) + leaseGrace.milliseconds
    }

    /// Sleeps until the given instant; fires are claimed a few milliseconds early and released exactly.
    private func waitUntil(milliseconds: Int64) {
        let remaining = Double(milliseconds) / 1000 - Date().timeIntervalSince1970
        if remaining > 0 { Thread.sleep(forTimeInterval: remaining) }
    }
}

/// Parses `Retry-After`: delay-seconds or an HTTP date.
enum RetryAfter {
    static func milliseconds(_ value: String) -> Int? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed), seconds >= 0 { return seconds * 1000 }

        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return max(0, Int(date.timeIntervalSinceNow * 1000))
    }
}
