import Foundation
import HTTP
import Scheduler
import Synchronization
import Telemetry

/// `meridian receiver --port P --secret whsec_… [--host H]`: a demo callback endpoint.
///
/// It verifies each callback's Standard Webhooks signature, logs it with its lateness as a JSON line on standard
/// output, answers `/status/<code>` paths with that code, `/delay/<ms>` paths after that delay and every other path
/// with 200, and lists what it received at `GET /received` (newest last, at most the last 10,000).
enum ReceiverCommand {
    static func run(_ arguments: [String]) throws -> Int32 {
        let options = try Arguments(arguments)
        try options.rejectUnknown(["host", "port", "secret"])
        let port = try options.integer("port", in: 0...65_535, default: 59_900)
        let signers = try options.all("secret").map { secret in
            do throws(WebhookSignatureError) {
                return try WebhookSigner(secret: secret)
            } catch {
                throw UsageError("--secret \(error.message)")
            }
        }
        guard !signers.isEmpty else { throw UsageError("--secret is required (the tenant's whsec_… secret)") }

        let receiver = Receiver(signers: signers, logger: Logger(label: "receiver", sink: .standardOutput))
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(host: options.value("host") ?? "127.0.0.1", port: port),
            handler: { receiver.handle($0) })
        try server.start()
        receiver.logger.info("Receiver listening", ["port": String(server.port)])

        _ = TerminationSignal.wait()
        server.stop()
        return 0
    }
}

/// The receiver's state: verified callbacks, in arrival order.
final class Receiver: Sendable {
    /// One callback as `GET /received` shows it.
    struct Delivery: Codable, Sendable {
        var fireId: String
        var jobId: String
        var scheduledAt: String
        var attempt: Int
        var receivedAt: String
        var latenessMs: Double
        var path: String
        var status: Int
        var signatureValid: Bool
    }

    static let capacity = 10_000

    let logger: Logger
    private let signers: [WebhookSigner]
    private let deliveries: Mutex<[Delivery]> = Mutex([])

    init(signers: [WebhookSigner], logger: Logger) {
        self.signers = signers
        self.logger = logger
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        switch (request.method, request.path) {
        case ("GET", "/healthz"): return .json(["status": "ok"])
        case ("GET", "/received"): return .json(deliveries.withLock { $0 })
        default:
            let response = record(request)
            if let delay = requestedDelay(request.path) { Thread.sleep(forTimeInterval: delay) }
            return response
        }
    }

    private func record(_ request: HTTPRequest) -> HTTPResponse {
        let now = Date()
        let isValid = verify(request, now: now)
        let status = isValid ? requestedStatus(request.path) : 401
        let scheduledAt = request.headers["meridian-scheduled-at"] ?? ""
        let nominal = RFC3339.parse(scheduledAt)

        let delivery = Delivery(
            fireId: request.headers["webhook-id"] ?? "", jobId: request.headers["meridian-job-id"] ?? "",
            scheduledAt: scheduledAt, attempt: Int(request.headers["meridian-attempt"] ?? "") ?? 0,
            receivedAt: RFC3339.format(now),
            latenessMs: nominal.map { (now.timeIntervalSince($0) * 1_000_000).rounded() / 1000 } ?? 0,
            path: request.path, status: status, signatureValid: isValid)
        deliveries.withLock { list in
            list.append(delivery)
            if list.count > Self.capacity { list.removeFirst(list.count - Self.capacity) }
        }
        logger.info(
            "Callback received",
            [
                "fire.id": delivery.fireId, "job.id": delivery.jobId, "scheduled_at": delivery.scheduledAt,
                "attempt": String(delivery.attempt), "lateness_ms": String(delivery.latenessMs),
                "signature": isValid ? "valid" : "invalid", "status": String(status),
            ])
        return HTTPResponse(status: status)
    }

    private func verify(_ request: HTTPRequest, now: Date) -> Bool {
        guard let id = request.headers["webhook-id"],
            let timestamp = request.headers["webhook-timestamp"].flatMap({ Int64($0) }),
            let signature = request.headers["webhook-signature"]
        else { return false }
        return signers.contains { signer in
            (try? signer.verify(
                id: id, timestamp: timestamp, body: request.body, signatureHeader: signature,
                now: Int64(now.timeIntervalSince1970))) != nil
        }
    }

    /// `/delay/<ms>` → answer after that many milliseconds (at most 30 s), for callbacks that take long.
    private func requestedDelay(_ path: String) -> TimeInterval? {
        let parts = path.split(separator: "/")
        guard parts.count >= 2, parts[0] == "delay", let milliseconds = Int(parts[1]) else { return nil }
        return Double(min(max(milliseconds, 0), 30_000)) / 1000
    }

    /// `/status/503` → 503; anything else → 200.
    private func requestedStatus(_ path: String) -> Int {
        let parts = path.split(separator: "/")
        guard parts.count >= 2, parts[0] == "status", let code = Int(parts[1]), (200...599).contains(code) else {
            return 200
        }
        return code
    }
}
