import Deployment
import Foundation

extension DevUp {
    /// Brings a partly running deployment back: restarts every node and the receiver whose process has died,
    /// with the configuration and arguments they were started with, and waits until each is ready.
    ///
    /// - Returns: the ids restarted.
    /// - Throws: when Postgres or a region's Redis is down too (then `down` and `up` start afresh).
    mutating func restartDeadProcesses() throws(DeploymentError) -> [String] {
        let servers = [("postgres", state.postgres?.process)] + state.redis.map { ("redis \($0.region)", $0.process) }
        if let dead = servers.first(where: { $0.1.map(ManagedProcess.isAlive) != true }) {
            throw DeploymentError(
                .invalidArgument,
                "\(dead.0) of the recorded deployment is not running; run `meridian dev down`, then `meridian dev up`")
        }

        var restarted: [String] = []
        for index in state.nodes.indices where state.nodes[index].process.map(ManagedProcess.isAlive) != true {
            let node = state.nodes[index]
            guard let configFile = node.configFile else { continue }
            state.nodes[index].process = try ManagedProcess.spawn(
                executable: paths.executable, arguments: ["node", "--config", configFile],
                logFile: URL(fileURLWithPath: node.logFile))
            try record()
            try waitReady(state.nodes[index], path: "/readyz")
            restarted.append(node.id)
        }

        if let receiver = state.receiver, receiver.process.map(ManagedProcess.isAlive) != true {
            state.receiver = nil
            try startReceiver()
            restarted.append(receiver.id)
        }
        return restarted
    }
}
