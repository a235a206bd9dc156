import Foundation

extension DevState {
    /// Records `server`, then creates its cluster if needed, starts it and creates `database`.
    ///
    /// The state is saved to `folder` before the start (so a failed start can still be stopped) and again
    /// once the server runs. Throws what ``LocalPostgres`` throws, and `stateFile` when saving fails.
    public mutating func startPostgres(
        _ server: LocalPostgres,
        database: String,
        savingTo folder: URL
    ) throws(DeploymentError) {
        let configuration = server.configuration
        postgres = PostgresEntry(
            host: configuration.host, port: configuration.port, dataDirectory: configuration.dataDirectory.path,
            logFile: configuration.logFile.path, database: database,
            url: server.connectionString(database: database), process: nil)
        try save(to: folder)

        try server.initializeIfNeeded()
        try server.start()
        postgres?.process = server.serverPID.map { ProcessRecord(pid: $0) }
        try save(to: folder)

        try server.createDatabase(database)
    }

    /// Records `server` as the Redis of `region`, starts it and records its PID.
    ///
    /// Saved to `folder` before and after the start. Throws what ``LocalRedis`` throws, and `stateFile` when
    /// saving fails.
    public mutating func startRedis(_ server: LocalRedis, region: String, savingTo folder: URL) throws(DeploymentError)
    {
        let configuration = server.configuration
        redis.append(
            RedisEntry(
                region: region, host: configuration.host, port: configuration.port,
                directory: configuration.directory.path, url: server.url, process: nil))
        try save(to: folder)

        try server.start()
        redis[redis.count - 1].process = server.serverPID.map { ProcessRecord(pid: $0) }
        try save(to: folder)
    }
}
