import Deployment
import Foundation

extension DevUp {
    /// Mints the demo tenant's token and reads (creating if needed) its callback-signing secret.
    mutating func issueCredentials(jwtSecret: String) throws(DeploymentError) {
        guard let postgresURL = state.postgres?.url else { return }

        let tokenOutput = try CommandRunner.runChecked(
            paths.executable,
            ["token", "--tenant", Self.tenant, "--secret", jwtSecret, "--ttl-seconds", "\(Self.tokenLifetimeSeconds)"],
            description: "meridian token")
        state.token = DevFiles.lastLine(of: tokenOutput)

        let secretOutput = try CommandRunner.runChecked(
            paths.executable, ["tenant-secret", "--postgres", postgresURL, "--tenant", Self.tenant],
            description: "meridian tenant-secret")
        let secret = DevFiles.lastLine(of: secretOutput)
        guard secret.hasPrefix("whsec_") else {
            throw DeploymentError(.commandFailed, "meridian tenant-secret printed no whsec_ secret")
        }
        state.callbackSecret = secret
        try record()
    }

    /// Creates the demo jobs on the first node, skipping names the tenant has already (from an earlier run).
    mutating func createDemoJobs() throws(DeploymentError) {
        guard let api = state.nodes.first?.url, let token = state.token, let receiver = state.receiver else { return }
        let existing = try existingJobs(api: api, token: token)

        for job in DemoJob.samples(receiverURL: receiver.url) {
            if let id = existing[job.name] {
                state.demoJobIDs.append(id)
                continue
            }

            let response = try http.send("POST", "\(api)/v1/jobs", token: token, json: try encode(job))
            guard response.status == 201, let id = Self.field("id", in: response.body) as? String else {
                throw DeploymentError(
                    .requestFailed, "Creating demo job \(job.name) was answered with status \(response.status)",
                    output: String(decoding: response.body, as: UTF8.self))
            }
            state.demoJobIDs.append(id)
        }
        try record()
    }

    /// Name → id of the tenant's jobs, following `nextCursor` for at most 50 pages of 100.
    private func existingJobs(api: String, token: String) throws(DeploymentError) -> [String: String] {
        var jobs: [String: String] = [:]
        var cursor: String?

        for _ in 0..<50 {
            var components = URLComponents(string: "\(api)/v1/jobs")!
            components.queryItems =
                [URLQueryItem(name: "limit", value: "100")]
                + (cursor.map { [URLQueryItem(name: "cursor", value: $0)] } ?? [])
            let response = try http.send("GET", components.string!, token: token)
            guard response.status == 200 else {
                throw DeploymentError(.requestFailed, "Listing jobs was answered with status \(response.status)")
            }

            let items = Self.field("items", in: response.body) as? [[String: Any]] ?? []
            for item in items {
                if let name = item["name"] as? String, let id = item["id"] as? String { jobs[name] = id }
            }
            cursor = Self.field("nextCursor", in: response.body) as? String
            if cursor == nil { break }
        }
        return jobs
    }

    private func encode(_ job: DemoJob) throws(DeploymentError) -> Data {
        do {
            return try JSONEncoder().encode(job)
        } catch {
            throw DeploymentError(.invalidArgument, "Could not encode demo job \(job.name)")
        }
    }

    private static func field(_ name: String, in body: Data) -> Any? {
        (try? JSONSerialization.jsonObject(with: body) as? [String: Any])?[name]
    }
}
