import Deployment
import Foundation

/// `meridian dev services start|stop --dir D`: a scratch Postgres and Redis on free loopback ports.
///
/// Used by the test command. `start` creates the servers under `D` (Postgres with fsync off), creates the
/// database (default `meridian_test`), records them in `D/state.json` and prints `postgresURL` and
/// `redisURL`, as JSON with `--json` or as `MERIDIAN_TEST_POSTGRES_URL=…` lines otherwise. `stop` stops
/// what `D/state.json` records; it is idempotent.
enum DevServices {
    static func run(arguments: [String]) throws(DeploymentError) -> Int32 {
        guard let folderArgument = value(of: "--dir", in: arguments) else {
            throw DeploymentError(.invalidArgument, "services needs --dir <folder>")
        }
        let folder = URL(fileURLWithPath: folderArgument).standardizedFileURL

        switch arguments.first {
        case "start":
            let database = value(of: "--database", in: arguments) ?? "meridian_test"
            return try start(in: folder, database: database, asJSON: arguments.contains("--json"))
        case "stop":
            return try stop(in: folder)
        default:
            throw DeploymentError(.invalidArgument, "services needs start or stop")
        }
    }

    private static func start(in folder: URL, database: String, asJSON: Bool) throws(DeploymentError) -> Int32 {
        var state = DevState()
        do {
            let postgres = LocalPostgres(
                .init(
                    host: "127.0.0.1", port: try LoopbackPort.findFree(),
                    dataDirectory: folder.appendingPathComponent("postgres"),
                    logFile: folder.appendingPathComponent("postgres.log"),
                    settings: ["fsync": "off", "synchronous_commit": "off", "max_connections": "300"]))
            try state.startPostgres(postgres, database: database, savingTo: folder)

            let redis = LocalRedis(
                .init(
                    host: "127.0.0.1", port: try LoopbackPort.findFree(),
                    directory: folder.appendingPathComponent("redis")))
            try state.startRedis(redis, region: "test", savingTo: folder)
        } catch {
            _ = state.stopAll(grace: .seconds(5))
            try? state.save(to: folder)
            throw error
        }

        let postgresURL = state.postgres?.url ?? ""
        let redisURL = state.redis.first?.url ?? ""
        if asJSON {
            print(#"{"postgresURL": "\#(postgresURL)", "redisURL": "\#(redisURL)"}"#)
        } else {
            print("MERIDIAN_TEST_POSTGRES_URL=\(postgresURL)\nMERIDIAN_TEST_REDIS_URL=\(redisURL)")
        }
        return 0
    }

    private static func stop(in folder: URL) throws(DeploymentError) -> Int32 {
        guard var state = try DevState.load(from: folder) else { return 0 }

        let problems = state.stopAll(grace: .seconds(5))
        try state.save(to: folder)
        for problem in problems { DevCommand.printError("Could not stop \(problem)") }
        return problems.isEmpty ? 0 : 1
    }

    private static func value(of option: String, in arguments: [String]) -> String? {
        guard let index = arguments.firstIndex(of: option), index + 1 < arguments.count else { return nil }
        return arguments[index + 1]
    }
}
