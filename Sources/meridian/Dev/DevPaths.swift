import Deployment
import Foundation

/// Where the local deployment keeps its files, and where the `meridian` program and `regions/` are.
///
/// The project root is the nearest folder holding `regions/topology.json`, searched upward from the current
/// folder and then from the executable's folder. State lives in `$MERIDIAN_DEV_DIR` or else
/// `<root>/.meridian/dev`.
struct DevPaths: Sendable {
    /// The checkout's root folder.
    let projectRoot: URL

    /// The folder of `state.json`, logs, server data and node configurations.
    let stateDirectory: URL

    /// Absolute path of the running `meridian` program, used to start children.
    let executable: String

    /// The `regions/` folder.
    var regionsDirectory: URL { projectRoot.appendingPathComponent("regions") }

    /// Log files of nodes, receiver and Postgres.
    var logsDirectory: URL { stateDirectory.appendingPathComponent("logs") }

    /// Node configuration files.
    var configDirectory: URL { stateDirectory.appendingPathComponent("config") }

    /// The Postgres data folder.
    var postgresDirectory: URL { stateDirectory.appendingPathComponent("postgres") }

    /// The working folder of a region's Redis.
    func redisDirectory(region: String) -> URL {
        stateDirectory.appendingPathComponent("redis").appendingPathComponent(region)
    }

    /// The log file of a node or the receiver.
    func logFile(_ name: String) -> URL {
        logsDirectory.appendingPathComponent("\(name).log")
    }

    /// Finds the project root and state folder; throws `fileSystem` when no root can be found.
    static func locate() throws(DeploymentError) -> DevPaths {
        let executable = currentExecutable()
        let starts = [
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
            URL(fileURLWithPath: executable).deletingLastPathComponent(),
        ]
        guard let root = starts.lazy.compactMap(findRoot).first else {
            throw DeploymentError(.fileSystem, "No regions/topology.json found; run this inside the Meridian checkout")
        }

        let override = ProcessInfo.processInfo.environment["MERIDIAN_DEV_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        let state =
            override.map { URL(fileURLWithPath: $0) }
            ?? root.appendingPathComponent(".meridian").appendingPathComponent("dev")
        return DevPaths(projectRoot: root, stateDirectory: state.standardizedFileURL, executable: executable)
    }

    /// The running program's absolute path (`/proc/self/exe`, else the first argument).
    static func currentExecutable() -> String {
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return target
        }
        let first = CommandLine.arguments.first ?? "meridian"
        return URL(fileURLWithPath: first).standardizedFileURL.path
    }

    private static func findRoot(from start: URL) -> URL? {
        var folder = start.standardizedFileURL
        for _ in 0..<32 {
            let marker = folder.appendingPathComponent("regions").appendingPathComponent("topology.json")
            if FileManager.default.fileExists(atPath: marker.path) { return folder }

            let parent = folder.deletingLastPathComponent()
            guard parent.path != folder.path else { return nil }
            folder = parent
        }
        return nil
    }
}
