import Foundation
import HTTP
import Telemetry

/// One callback attempt: prepared when claimed, sent when released, recorded when answered.
struct DeliveryAttempts: Sendable {
    /// A claimed attempt waiting for its instant.
    struct Prepared: Sendable {
        var fire: QueuedFire
        var claim: DeliveryLedger.Claim
        var request: HTTPClientRequest
    }

    let ledger: DeliveryLedger
    let queue: DeliveryQueue
    let client: HTTPClient
    let logger: Logger
    private let lateness: HistogramFamily
    private let durations: HistogramFamily
    private let outcomes: CounterFamily

    init(ledger: DeliveryLedger, queue: DeliveryQueue, client: HTTPClient, logger: Logger, metrics: MetricsRegistry) {
        self.ledger = ledger
        self.queue = queue
        self.client = client
        self.logger = logger
        lateness = metrics.histogram(
            "meridian_fire_lateness_seconds", help: "Delay from a fire's nominal instant to its first attempt.")
        durations = metrics.histogram(
            "meridian_callback_duration_seconds", help: "Callback attempt duration by outcome.", labels: ["outcome"])
        outcomes = metrics.counter(
            "meridian_callback_attempts_total", help: "Callback attempts by outcome.", labels: ["outcome"])
    }

    /// Builds the signed request of a claimed fire, or says why it is not sent.
    func prepare(_ fire: QueuedFire, claim: DeliveryLedger.Claim) -> Result<Prepared, Skip> {
        guard let target = claim.target, let secret = claim.signingSecret else { return .failure(Skip("job deleted")) }
        guard claim.jobStatus != "paused" || claim.trigger == Fire.Trigger.manual.rawValue else {
            return .failure(Skip("job paused"))
        }
        do {
            let request = try CallbackRequest.make(
                fire: fire, claim: claim, target: target, secret: secret, signedAt: Date())
            return .success(Prepared(fire: fire, claim: claim, request: request))
        } catch {
            return .failure(Skip("cannot sign with the tenant secret"))
        }
    }

    /// A release this much after the fire's due instant means this node stalled (a freeze, an overloaded
    /// machine): the claim is checked in the ledger before sending, since survivors may have taken the fire over.
    static let stallThresholdMs: Double = 500

    /// Sends a prepared attempt; `done` runs on `recordQueue` once its outcome is recorded, or once a claim
    /// lost during a stall is dropped.
    func send(_ prepared: Prepared, recordQueue: DispatchQueue, done: @escaping @Sendable () -> Void) {
        let overdueMs = Date().timeIntervalSince1970 * 1000 - Double(prepared.fire.dueAtMs)
        guard overdueMs > Self.stallThresholdMs else { return transmit(prepared, recordQueue: recordQueue, done: done) }

        recordQueue.async {
            do {
                guard try ledger.holdsClaim(prepared.fire, attempt: prepared.claim.attempt) else {
                    logger.info("Stale claim dropped", ["fire.id": prepared.fire.fireID.uuidString])
                    return done()
                }
            } catch {
                // Unknown whether the claim still holds: send nothing and let the fire come back through the queue.
                try? queue.reschedule(prepared.fire, dueAtMs: Date().millisecondsSince1970 + 1_000)
                logger.info("Claim check failed", ["fire.id": prepared.fire.fireID.uuidString, "error": "\(error)"])
                return done()
            }
            transmit(prepared, recordQueue: recordQueue, done: done)
        }
    }

    private func transmit(_ prepared: Prepared, recordQueue: DispatchQueue, done: @escaping @Sendable () -> Void) {
        let startedAt = Date()
        client.execute(prepared.request) { result in
            recordQueue.async {
                if case .failure(let error) = result, error.code == .cancelled {
                    // The node is shutting down: the target may never have seen this attempt, so it does not count.
                    giveBack(prepared)
                    return done()
                }
                let outcome = classify(result, prepared: prepared, startedAt: startedAt)
                finish(prepared.fire, attempt: prepared.claim.attempt, outcome: outcome)
                done()
            }
        }
    }

    /// Returns an attempt that was cut off by shutdown to the queue, uncounted, for another node to make.
    private func giveBack(_ prepared: Prepared) {
        do {
            try ledger.unclaim(prepared.fire, attempt: prepared.claim.attempt)
            try queue.reschedule(prepared.fire, dueAtMs: Date().millisecondsSince1970)
        } catch {
            logger.info("Attempt not given back", ["fire.id": prepared.fire.fireID.uuidString, "error": "\(error)"])
        }
    }

    /// Records a claimed fire that is not sent.
    func skip(_ fire: QueuedFire, attempt: Int, reason: Skip) {
        var outcome = DeliveryLedger.Outcome(state: .skipped)
        outcome.reason = reason.reason
        finish(fire, attempt: attempt, outcome: outcome)
    }

    private func classify(
        _ result: Result<HTTPClientResponse, HTTPError>, prepared: Prepared, startedAt: Date
    ) -> DeliveryLedger.Outcome {
        let latenessMs = startedAt.timeIntervalSince(prepared.fire.nominalAt) * 1000
        let attempt = prepared.claim.attempt
        var outcome = DeliveryLedger.Outcome(state: .succeeded, startedAt: startedAt, latenessMs: latenessMs)
        var retryAfterMs: Int?

        switch result {
        case .success(let response) where (200..<300).contains(response.status):
            outcome.httpStatus = response.status
            observe("succeeded", since: startedAt, lateness: latenessMs, attempt: attempt)
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

        let retry = prepared.claim.retry ?? RetryPolicy()
        if retry.allowsRetry(after: attempt) {
            let delay = retry.delayMs(after: attempt, retryAfterMs: retryAfterMs, random: Double.random(in: 0..<1))
            outcome.state = .failed
            outcome.nextAttemptAt = Date().addingTimeInterval(Double(delay) / 1000)
        } else {
            outcome.state = .dead
        }
        observe(outcome.state.rawValue, since: startedAt, lateness: latenessMs, attempt: attempt)
        return outcome
    }

    private func finish(_ fire: QueuedFire, attempt: Int, outcome: DeliveryLedger.Outcome) {
        do {
            try ledger.record(outcome, fire: fire, attempt: attempt)
            if let next = outcome.nextAttemptAt {
                try queue.reschedule(fire, dueAtMs: next.millisecondsSince1970)
            } else {
                try queue.acknowledge(fire.fireID)
            }
        } catch {
            // The ledger lease runs out and the reconciler queues the fire again; the claim guard keeps it single.
            logger.info(
                "Outcome not recorded", ["fire.id": fire.fireID.uuidString, "error": String(describing: error)])
        }
    }

    private func observe(_ outcome: String, since startedAt: Date, lateness latenessMs: Double, attempt: Int) {
        outcomes.increment(outcome)
        durations.observe(Date().timeIntervalSince(startedAt), outcome)
        if attempt == 1 { lateness.observe(max(latenessMs, 0) / 1000) }
    }

    /// Why a claimed fire is recorded `skipped` instead of sent.
    struct Skip: Error {
        var reason: String

        init(_ reason: String) { self.reason = reason }
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
