import Cluster
import Foundation
import HTTP
import ScheduleEngine
import Scheduler

/// `/v1/jobs` and its sub-resources.
struct JobRoutes: Sendable {
    let region: String
    let shardCount: Int
    let jobs: JobStore
    let fires: FireStore
    let tenants: TenantStore
    let authenticator: Authenticator

    /// Page size when `limit` is absent, and the largest accepted.
    static let defaultPageSize = 50
    static let maximumPageSize = 200

    func register(on router: inout Router) {
        router.add("POST", "/v1/jobs", authenticator.require(create))
        router.add("GET", "/v1/jobs", authenticator.require(list))
        router.add("GET", "/v1/jobs/{id}", authenticator.require(show))
        router.add("PATCH", "/v1/jobs/{id}", authenticator.require(update))
        router.add("DELETE", "/v1/jobs/{id}", authenticator.require(delete))
        router.add("POST", "/v1/jobs/{id}/pause", authenticator.require { try setPaused(true, $0, $1) })
        router.add("POST", "/v1/jobs/{id}/resume", authenticator.require { try setPaused(false, $0, $1) })
        router.add("POST", "/v1/jobs/{id}/trigger", authenticator.require(trigger))
        router.add("GET", "/v1/jobs/{id}/runs", authenticator.require(runs))
    }

    private func create(_ request: HTTPRequest, tenant: String) throws -> HTTPResponse {
        try Self.requireJSON(request)
        let draft = try JobDraft(try Problem.parseJSON(request.body))
        let now = try jobs.databaseNow()
        let id = UUID()
        _ = try tenants.signingSecret(tenant: tenant)

        let job = try makeJob(
            draft, id: id, tenant: tenant, now: now, anchor: now, shard: ShardKey.shard(of: id, shardCount: shardCount))
        let stored = try jobs.insert(job)
        var response = HTTPResponse.json(JobResource(stored), status: 201)
        response.headers["location"] = "/v1/jobs/\(stored.id.uuidString.lowercased())"
        response.headers["etag"] = "\"\(stored.version)\""
        return response
    }

    private func list(_ request: HTTPRequest, tenant: String) throws -> HTTPResponse {
        let (limit, cursor) = try Self.paging(request)
        let page = try jobs.list(tenant: tenant, limit: limit + 1, after: cursor)
        let items = Array(page.prefix(limit))
        let next = page.count > limit ? items.last.map { PageCursor(instant: $0.createdAt, id: $0.id).token } : nil
        return .json(Page(items: items.map { JobResource($0) }, nextCursor: next))
    }

    private func show(_ request: HTTPRequest, tenant: String) throws -> HTTPResponse {
        Self.respond(with: try find(request, tenant: tenant))
    }

    /// JSON merge patch over the writable fields, validated as a whole; `If-Match` makes it conditional. A patch
    /// that changes nothing leaves the job (and its version) as it is.
    private func update(_ request: HTTPRequest, tenant: String) throws -> HTTPResponse {
        try Self.requireJSON(request)
        let current = try find(request, tenant: tenant)
        try Self.checkPrecondition(request, job: current)
        let patch = try Problem.parseJSON(request.body)
        guard case .object = patch else { throw Problem.validation("body", "must be a JSON object") }

        let original = JobResource.writableDocument(current)
        let merged = original.merging(patch: patch)
        let draft = try JobDraft(merged)
        guard merged != original else { return Self.respond(with: current) }

        let timingChanged =
            draft.schedule.text != current.schedule || draft.timeZone.identifier != current.timeZone
            || draft.dstPolicy.rawValue != current.dstPolicy
        // A new schedule takes effect at once, and gives a completed job its next instant again; a paused job
        // keeps waiting for resume.
        let reschedules = timingChanged && current.status != .paused
        var job: Job
        if reschedules {
            let now = try jobs.databaseNow()
            job = try makeJob(draft, id: current.id, tenant: tenant, now: now, anchor: now, shard: current.shard)
        } else {
            job = try makeJob(
                draft, id: current.id, tenant: tenant, now: current.createdAt, anchor: current.anchorAt,
                shard: current.shard, checkNext: false)
            (job.isActive, job.status, job.nextExecutionAt) = (
                current.isActive, current.status, current.nextExecutionAt
            )
        }
        return try store(job, expectedVersion: current.version, rescheduled: reschedules)
    }

    private func delete(_ request: HTTPRequest, tenant: String) throws -> HTTPResponse {
        let id = try Self.jobID(request)
        guard request.headers["if-match"] != nil else {
            guard try jobs.delete(id: id, tenant: tenant) else { throw Self.notFound }
            return .noContent()
        }
        let current = try find(request, tenant: tenant)
        try Self.checkPrecondition(request, job: current)
        guard try jobs.delete(id: id, tenant: tenant, expectedVersion: current.version) else {
            throw Self.changedMeanwhile
        }
        return .noContent()
    }

    /// Pause stops firing (the job then has no next instant); resume continues from the next instant after now,
    /// so instants during the pause are not fired. Pausing a paused job, or resuming an active one, changes nothing.
    private func setPaused(_ isPaused: Bool, _ request: HTTPRequest, _ tenant: String) throws -> HTTPResponse {
        let current = try find(request, tenant: tenant)
        guard current.status != .completed else {
            throw Problem(
                status: 409, code: "job_completed", title: "Job completed",
                detail: "the job has no instant left; change its schedule to use it again")
        }
        guard isPaused != (current.status == .paused) else { return Self.respond(with: current) }

        var job = current
        job.isActive = !isPaused
        job.status = isPaused ? .paused : .active
        job.nextExecutionAt = isPaused ? nil : try current.timing().next(after: try jobs.databaseNow())
        if !isPaused && job.nextExecutionAt == nil {
            throw Problem(
                status: 409, code: "job_completed", title: "Job completed",
                detail: "the schedule has no instant after now; change it to use the job again")
        }
        return try store(job, expectedVersion: current.version, rescheduled: true)
    }

    private func trigger(_ request: HTTPRequest, tenant: String) throws -> HTTPResponse {
        let job = try find(request, tenant: tenant)
        let fire = try fires.recordManual(job: job)
        return .json(RunResource(fire), status: 202)
    }

    private func runs(_ request: HTTPRequest, tenant: String) throws -> HTTPResponse {
        let job = try find(request, tenant: tenant)
        let (limit, cursor) = try Self.paging(request)
        let page = try fires.runs(jobID: job.id, limit: limit + 1, after: cursor)
        let items = Array(page.prefix(limit))
        let next = page.count > limit ? items.last.map { PageCursor(instant: $0.nominalAt, id: $0.id).token } : nil
        return .json(Page(items: items.map(RunResource.init), nextCursor: next))
    }

    private func store(
        _ job: Job, expectedVersion: Int64, rescheduled: Bool
    ) throws -> HTTPResponse {
        guard let stored = try jobs.update(job, expectedVersion: expectedVersion, rescheduled: rescheduled) else {
            throw Self.changedMeanwhile
        }
        return Self.respond(with: stored)
    }

    static func respond(with job: Job) -> HTTPResponse {
        var response = HTTPResponse.json(JobResource(job))
        response.headers["etag"] = "\"\(job.version)\""
        return response
    }

    /// A job from a validated draft, whose next instant is the first after `now`.
    ///
    /// - Parameter checkNext: whether a schedule with no instant after `now` is refused (on create and when the
    ///   timing changes).
    private func makeJob(
        _ draft: JobDraft, id: UUID, tenant: String, now: Date, anchor: Date, shard: Int, checkNext: Bool = true
    ) throws -> Job {
        let next: Date?
        do {
            next = try draft.schedule.next(after: now, in: draft.timeZone, anchor: anchor, dstPolicy: draft.dstPolicy)?
                .instant
        } catch {
            throw Problem.schedule(error)
        }
        guard next != nil || !checkNext else { throw Problem.validation("schedule", "has no instant after now") }

        return Job(
            id: id, tenant: tenant, name: draft.name, schedule: draft.schedule.text,
            scheduleKind: draft.schedule.kind.rawValue, timeZone: draft.timeZone.identifier,
            dstPolicy: draft.dstPolicy.rawValue, misfirePolicy: draft.misfirePolicy.rawValue,
            catchUpWindowMs: draft.catchUpWindowMs, maxCatchUp: draft.maxCatchUp, anchorAt: anchor,
            target: draft.target, retry: draft.retry, priority: draft.priority, homeRegion: region, shard: shard,
            isActive: true, status: .active, nextExecutionAt: next, version: 1, createdAt: now, updatedAt: now)
    }

    private func find(_ request: HTTPRequest, tenant: String) throws -> Job {
        guard let job = try jobs.find(id: try Self.jobID(request), tenant: tenant) else { throw Self.notFound }
        return job
    }

    static let changedMeanwhile = Problem(
        status: 409, code: "conflict", title: "Conflict",
        detail: "the job changed while this request was processed; read it again and retry")

    static let notFound = Problem(status: 404, code: "not_found", title: "Not found", detail: "no such job")

    static func jobID(_ request: HTTPRequest) throws -> UUID {
        guard let text = request.pathParameters["id"], let id = UUID(uuidString: text) else {
            throw Problem.validation("id", "must be a job id (a UUID)")
        }
        return id
    }

    static func paging(_ request: HTTPRequest) throws -> (Int, PageCursor?) {
        var limit = defaultPageSize
        if let text = request.query["limit"] {
            guard let value = Int(text), (1...maximumPageSize).contains(value) else {
                throw Problem.validation("limit", "must be an integer between 1 and \(maximumPageSize)")
            }
            limit = value
        }
        guard let token = request.query["cursor"] else { return (limit, nil) }
        guard let cursor = PageCursor(token: token) else {
            throw Problem.validation("cursor", "is not a cursor returned by this API")
        }
        return (limit, cursor)
    }

    /// Refuses a body that is declared as something other than JSON.
    static func requireJSON(_ request: HTTPRequest) throws {
        guard let type = request.headers["content-type"]?.lowercased() else { return }
        let mediaType = type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
        else {
            throw Problem(
                status: 415, code: "unsupported_media_type", title: "Unsupported media type",
                detail: "the body must be sent as Content-Type: application/json")
        }
    }

    static func checkPrecondition(_ request: HTTPRequest, job: Job) throws {
        guard let expected = request.headers["if-match"], expected != "*" else { return }
        // Strong comparison (RFC 9110 §13.1.1): a weak tag never matches.
        let tags = expected.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard tags.contains("\"\(job.version)\"") else {
            throw Problem(
                status: 412, code: "precondition_failed", title: "Precondition failed",
                detail: "If-Match does not match the job's current version \(job.version)")
        }
    }
}
