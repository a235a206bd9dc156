import Deployment
import Foundation

extension DevUp {
    /// Writes each node's configuration, starts every node, then waits for each `GET /readyz` = 200.
    mutating func startNodes(jwtSecret: String) throws(DeploymentError) {
        guard let postgresURL = state.postgres?.url else { return }

        for (regionName, node) in regions.nodes {
            let redis = state.redis.first { $0.region == regionName }
            var configuration = NodeConfiguration(
                nodeID: node.id, region: regionName, apiHost: node.apiHost, apiPort: node.apiPort,
                clusterHost: node.clusterHost, clusterPort: node.clusterPort, postgresURL: postgresURL,
                redisURL: redis?.url ?? "", jwtSecret: jwtSecret, allowPrivateTargets: true, migrateOnStart: false)
            configuration.seeds = regions.nodes.filter { $0.node.id != node.id }.map {
                "\($0.node.clusterHost):\($0.node.clusterPort)"
            }
            configuration.regionTopology = regions.topology.links.map {
                RegionLink(between: $0.between, latencyMs: $0.latencyMs)
            }
            configuration.adminTenants = [Self.tenant]
            let configFile = paths.configDirectory.appendingPathComponent("\(node.id).json")
            try DevFiles.writePrivate(try encode(configuration), to: configFile)

            let logFile = paths.logFile(node.id)
            let process = try ManagedProcess.spawn(
                executable: paths.executable, arguments: ["node", "--config", configFile.path], logFile: logFile)
            state.nodes.append(
                .init(
                    id: node.id, region: regionName, url: node.apiURL, configFile: configFile.path,
                    logFile: logFile.path, process: process))
            try record()
        }

        for node in state.nodes { try waitReady(node, path: "/readyz") }
    }

    /// Starts the demo receiver with the tenant's callback secret and waits for `GET /healthz` = 200.
    mutating func startReceiver() throws(DeploymentError) {
        guard let secret = state.callbackSecret else { return }

        let logFile = paths.logFile("receiver")
        let arguments = [
            "receiver", "--host", Self.receiverHost, "--port", "\(Self.receiverPort)", "--secret", secret,
        ]
        let process = try ManagedProcess.spawn(executable: paths.executable, arguments: arguments, logFile: logFile)

        let url = "http://\(Self.receiverHost):\(Self.receiverPort)"
        state.receiver = .init(id: "receiver", url: url, logFile: logFile.path, process: process)
        try record()
        try waitReady(state.receiver!, path: "/healthz")
    }

    /// Polls `entry.url + path` until it answers 200; fails early, with the log's tail, if the process exits.
    func waitReady(_ entry: DevState.ProcessEntry, path: String) throws(DeploymentError) {
        guard let process = entry.process else { return }
        let probe = DevHTTPClient(timeout: .seconds(1))

        var hasExited = false
        let isReady = waitUntil(deadline: .now + Self.readinessTimeout, poll: .milliseconds(100)) {
            hasExited = !ManagedProcess.isAlive(process)
            return hasExited || probe.isOK(entry.url + path)
        }

        let logTail = DevFiles.tail(of: URL(fileURLWithPath: entry.logFile))
        if hasExited {
            throw DeploymentError(
                .commandFailed, "\(entry.id) exited while starting; see \(entry.logFile)", output: logTail)
        }
        guard isReady else {
            throw DeploymentError(
                .timedOut, "\(entry.id) did not answer \(path) within \(Self.readinessTimeout)", output: logTail)
        }
    }

    private func encode(_ configuration: NodeConfiguration) throws(DeploymentError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(configuration)
        } catch {
            throw DeploymentError(.fileSystem, "Could not encode the configuration of \(configuration.nodeID)")
        }
    }
}
