import Deployment
import Foundation

/// The text `meridian dev up` prints once everything runs: where things are and what to try first.
struct DevWelcome {
    let state: DevState
    let paths: DevPaths

    func text() -> String {
        let api = state.nodes.first?.url ?? "http://127.0.0.1:8080"
        let receiver = state.receiver?.url ?? ""
        let program = paths.executable
        var lines = ["Meridian is running: \(state.nodes.count) nodes in \(state.redis.count) regions.", ""]

        lines.append("API:")
        lines += state.nodes.map { "  \($0.url)   node \($0.id), region \($0.region ?? "")" }
        lines += [
            "", "Receiver: \(receiver)   (GET \(receiver)/received lists callbacks)",
            "  log: \(state.receiver?.logFile ?? "")", "Node logs: \(paths.logsDirectory.path)", "",
            "Token for tenant \(state.tenant ?? "") (valid 30 days):",
            "  export MERIDIAN_TOKEN=\(state.token ?? "")", "",
            "Create a job that calls the receiver every 5 seconds:",
            "  curl -s -X POST \(api)/v1/jobs -H \"Authorization: Bearer $MERIDIAN_TOKEN\" \\",
            "    -H 'Content-Type: application/json' \\",
            "    -d '{\"name\":\"hello\",\"schedule\":\"@every 5s\",\"target\":{\"url\":\"\(receiver)/hello\"}}'",
        ]

        if let heartbeat = state.demoJobIDs.first {
            lines += [
                "", "List the runs of the demo job \"heartbeat\" (newest first; use any job id):",
                "  curl -s \(api)/v1/jobs/\(heartbeat)/runs -H \"Authorization: Bearer $MERIDIAN_TOKEN\"",
            ]
        }
        lines += ["", "Status: \(program) dev status    Stop: \(program) dev down   (or make status / make down)"]
        return lines.joined(separator: "\n")
    }
}
