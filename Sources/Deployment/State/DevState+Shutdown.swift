import Foundation

extension DevState {
    /// Servers recorded in the state, as handles that can stop them.
    public var postgresServer: LocalPostgres? {
        postgres.map { entry in
            LocalPostgres(
                .init(
                    host: entry.host, port: entry.port, dataDirectory: URL(fileURLWithPath: entry.dataDirectory),
                    logFile: URL(fileURLWithPath: entry.logFile)))
        }
    }

    /// The Redis servers recorded in the state, as handles that can stop them.
    public var redisServers: [LocalRedis] {
        redis.map { entry in
            LocalRedis(.init(host: entry.host, port: entry.port, directory: URL(fileURLWithPath: entry.directory)))
        }
    }

    /// Stops everything recorded, in order: nodes (SIGTERM, then SIGKILL after `grace`), receiver, each
    /// Redis, Postgres. Clears each process record it stopped and keeps those it could not.
    ///
    /// Idempotent: what is not running is skipped. Returns one line per component that could not be
    /// stopped (empty when all stopped); never throws, so one failure does not leave the rest running.
    public mutating func stopAll(grace: Duration = .seconds(10)) -> [String] {
        var problems: [String] = []

        for index in nodes.indices {
            guard let record = nodes[index].process else { continue }
            if ManagedProcess.terminate(record, grace: grace) {
                nodes[index].process = nil
            } else {
                problems.append("node \(nodes[index].id) (pid \(record.pid)) did not stop")
            }
        }

        if let record = receiver?.process {
            if ManagedProcess.terminate(record, grace: grace) {
                receiver?.process = nil
            } else {
                problems.append("receiver (pid \(record.pid)) did not stop")
            }
        }

        for (index, server) in zip(redis.indices, redisServers) {
            // A Redis whose recorded process is gone is not ours any more, whatever its PID file says.
            guard let record = redis[index].process, ManagedProcess.isAlive(record) else {
                redis[index].process = nil
                continue
            }
            do {
                try server.stop()
                redis[index].process = nil
            } catch {
                problems.append("redis \(redis[index].region): \(error)")
            }
        }

        if let server = postgresServer {
            do {
                try server.stop()
                postgres?.process = nil
            } catch {
                problems.append("postgres: \(error)")
            }
        }
        return problems
    }
}
