import Foundation
import HTTP
import Postgres

/// Workload and invariants of the failover tests: jobs firing every second, and the checks that nothing was lost,
/// nothing doubled, no shard had two leaders and the shards are balanced again.
extension TestCluster {
    /// Creates `count` jobs firing every second into the receiver at `path`, catching up every missed instant.
    func createJobs(_ count: Int, path: String = "/ok") throws -> [String] {
        try (0..<count).map { index in
            let (status, created) = try api(
                "POST", "/v1/jobs",
                body: [
                    "name": "tick-\(index)", "schedule": "@every 1s", "misfirePolicy": "fireAll",
                    "catchUpWindow": "1h", "target": ["url": receiverURL + path, "timeoutMs": 10_000],
                ])
            guard status == 201, let id = (created as? [String: Any])?["id"] as? String else {
                throw TimedOut(what: "job creation answered \(status)")
            }
            return id
        }
    }

    /// Creates `count` jobs firing every second, then waits until the shards are balanced and every job was
    /// delivered twice: the steady state every fault starts from.
    func startWorkload(jobs count: Int) async throws -> [String] {
        let jobs = try createJobs(count)
        try await waitBalanced()
        try await waitForDeliveries(jobs, atLeast: 2)
        return jobs
    }

    /// Waits until every job in `jobs` was delivered at least `count` times.
    func waitForDeliveries(_ jobs: [String], atLeast count: Int, timeout: Double = 20) async throws {
        try await waitFor(timeout: timeout, "\(count) deliveries of each job") {
            let counts = Dictionary(grouping: try received().compactMap { $0["jobId"] as? String }, by: { $0 })
            return jobs.allSatisfy { (counts[$0]?.count ?? 0) >= count }
        }
    }

    /// Waits until the middle between two nominal instants of the jobs, so a fault does not hit an attempt that
    /// is being claimed or sent (those are recovered by the delivery leases, which take longer than a test).
    func waitForMidPhase(_ jobs: [String]) async throws {
        try await waitForPhase(jobs, fraction: 0.5)
    }

    /// Waits until `fraction` of the way from one nominal instant of the jobs to the next.
    func waitForPhase(_ jobs: [String], fraction: Double) async throws {
        let rows = try database.query(
            "select max(nominal_at) as latest from fires where job_id = any($1::uuid[])", [jobs]
        ).rows
        guard let latest = try rows.first?.optionalDate("latest") else { return }
        var target = latest.addingTimeInterval(fraction)
        while target < Date() { target.addTimeInterval(1) }
        try await waitFor(timeout: 3, "the middle between two instants") { Date() >= target }
    }

    /// Holder and epoch of each shard of the region.
    func leases() throws -> [Int: (holder: String?, epoch: Int64)] {
        var leases: [Int: (holder: String?, epoch: Int64)] = [:]
        for row in try database.query(
            "select shard, holder_node, epoch from shard_leases where region = $1", [region]
        ).rows {
            leases[try row.int("shard")] = (try row.optionalString("holder_node"), try row.int64("epoch"))
        }
        return leases
    }

    /// Waits until every running node agrees on the desired owners, every shard is held by its desired owner,
    /// and each running node leads at least a third of its fair share.
    func waitBalanced(timeout: Double = 15) async throws {
        let live = Set(nodes.map(\.id))
        var last = ""
        do {
            try await waitFor(timeout: timeout, "shards balanced") { try isBalanced(live, last: &last) }
        } catch let error as TimedOut {
            throw TimedOut(what: "\(error.what) over \(live.sorted()); last seen: \(last)\n\(logs)")
        }
    }

    private func isBalanced(_ live: Set<String>, last: inout String) throws -> Bool {
        var views: [[Int: String]] = []
        for node in nodes {
            let (status, body) = try api("GET", "/v1/cluster?region=\(region)", node: node)
            guard status == 200, let shards = (body as? [String: Any])?["shards"] as? [[String: Any]] else {
                last = "\(node.id) answered \(status) without a readable shard map"
                return false
            }
            let members = ((body as? [String: Any])?["members"] as? [[String: Any]]) ?? []
            last = "\(node.id) sees " + members.map { "\($0["id"] ?? "")=\($0["state"] ?? "")" }.joined(separator: ",")
            var desired: [Int: String] = [:]
            for shard in shards where shard["region"] as? String == region {
                guard let number = shard["shard"] as? Int, let owner = shard["desiredOwner"] as? String,
                    shard["owner"] as? String == owner
                else {
                    last +=
                        "; shard \(shard["shard"] ?? "") held by \(shard["owner"] ?? "none"), desired \(shard["desiredOwner"] ?? "none")"
                    return false
                }
                desired[number] = owner
            }
            views.append(desired)
        }
        guard let first = views.first, first.count == shardCount, views.allSatisfy({ $0 == first }) else {
            last = "views differ or are incomplete: \(views.map(\.count))"
            return false
        }
        let counts = Dictionary(grouping: first.values, by: { $0 }).mapValues(\.count)
        last = "counts \(counts)"
        return Set(counts.keys) == live && counts.values.allSatisfy { $0 * 3 * live.count >= shardCount }
    }

    /// Checks the ledger and the receiver for `jobs` over every instant up to `until`:
    /// 1. each job's nominal instants are one second apart, with none missing, and reach `until`;
    /// 2. every such fire reached the receiver, and no instant arrived under two fire ids;
    /// 3. the epochs of each shard's fires never go back as instants advance.
    ///
    /// - Returns: a description of each breach; empty when all hold.
    func verifyLedger(_ jobs: [String], until: Date) throws -> [String] {
        var issues: [String] = []
        let rows = try database.query(
            """
            select id, job_id, shard, epoch, nominal_at from fires
            where job_id = any($1::uuid[]) and nominal_at <= $2 order by nominal_at
            """,
            [jobs, until]
        ).rows
        let fires = try rows.map {
            (
                id: try $0.uuid("id").uuidString.lowercased(), job: try $0.uuid("job_id").uuidString.lowercased(),
                shard: try $0.int("shard"), epoch: try $0.int64("epoch"), nominal: try $0.date("nominal_at")
            )
        }

        for (job, instants) in Dictionary(grouping: fires, by: \.job) {
            let gaps = zip(instants.dropFirst(), instants).map { $0.nominal.timeIntervalSince($1.nominal) }
            if let gap = gaps.first(where: { abs($0 - 1) > 0.002 }) { issues.append("job \(job): a gap of \(gap) s") }
            if let last = instants.last, until.timeIntervalSince(last.nominal) > 1.01 {
                issues.append("job \(job): last instant \(last.nominal) is more than 1 s before \(until)")
            }
        }
        if Set(fires.map(\.job)).count != jobs.count { issues.append("some jobs have no fire at all") }

        var delivered: [String: Set<String>] = [:]
        for callback in try received() {
            guard let job = callback["jobId"] as? String, let scheduled = callback["scheduledAt"] as? String,
                let fire = callback["fireId"] as? String
            else { continue }
            delivered["\(job.lowercased())@\(scheduled)", default: []].insert(fire.lowercased())
        }
        let deliveredFires = Set(delivered.values.flatMap { $0 })
        let missing = fires.filter { !deliveredFires.contains($0.id) }
        if !missing.isEmpty { issues.append("\(missing.count) fires never reached the receiver: \(missing.prefix(3))") }
        for (instant, ids) in delivered where ids.count > 1 {
            issues.append("\(instant) delivered by \(ids.count) fires")
        }

        for (shard, shardFires) in Dictionary(grouping: fires, by: \.shard) {
            let epochs = shardFires.map(\.epoch)
            if zip(epochs.dropFirst(), epochs).contains(where: { $0 < $1 }) {
                issues.append("shard \(shard): an older epoch wrote after a newer one")
            }
        }
        return issues
    }

    /// Waits until every fire of `jobs` up to `until` reached the receiver, then returns ``verifyLedger(_:until:)``.
    func settleAndVerify(_ jobs: [String], until: Date, timeout: Double = 15) async throws -> [String] {
        var issues: [String] = []
        do {
            try await waitFor(timeout: timeout, "every fire up to \(until) delivered") {
                issues = try verifyLedger(jobs, until: until)
                return issues.isEmpty
            }
        } catch is TimedOut {
            return issues
        }
        return issues
    }
}

extension TestCluster {
    /// Callback attempts in flight on `node`, from its metrics.
    func inFlight(on node: Node) throws -> Double {
        let response = try client.executeBlocking(HTTPClientRequest(method: "GET", url: node.apiURL + "/metrics")).get()
        let text = String(decoding: response.body, as: UTF8.self)
        let line = text.split(separator: "\n").first { $0.hasPrefix("meridian_deliveries_in_flight ") }
        return line.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
    }
}
