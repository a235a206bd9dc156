import Deployment
import Foundation

/// `meridian dev …`: runs the whole deployment on this machine.
///
/// - `up`: starts Postgres, Redis per region, every node of `regions/`, the demo receiver and demo jobs,
///   then prints the API URLs, a token and curl examples. When a recorded deployment is alive it says so,
///   prints its status and exits 0 without touching it.
/// - `status [--json]`: endpoints, token and the state of every recorded PID; exit 0 when all run, 1 if not.
/// - `down`: stops everything recorded (nodes with SIGTERM and a grace period); idempotent.
/// - `services start --dir D [--json] [--database NAME]` / `services stop --dir D`: a scratch Postgres and
///   Redis on free loopback ports, for the test command.
enum DevCommand {
    /// Runs the subcommand in `arguments` (the words after `dev`) and returns the exit status.
    static func run(arguments: [String]) -> Int32 {
        do {
            switch arguments.first {
            case "up": return try up()
            case "down": return try down()
            case "status": return try status(asJSON: arguments.contains("--json"))
            case "services": return try DevServices.run(arguments: Array(arguments.dropFirst()))
            case nil, "help", "--help", "-h":
                print(usage)
                return 0
            default:
                printError("Unknown subcommand \(arguments[0]).\n\n\(usage)")
                return 2
            }
        } catch {
            report(error)
            return 1
        }
    }

    static let usage = """
        Usage: meridian dev <subcommand>
          up                 start the local deployment (Postgres, Redis, nodes, receiver, demo jobs)
          status [--json]    show endpoints, token and processes
          down               stop everything the deployment started
        """

    private static func up() throws(DeploymentError) -> Int32 {
        let paths = try DevPaths.locate()
        let regions = try RegionDirectory.load(from: paths.regionsDirectory)
        if let existing = try DevState.load(from: paths.stateDirectory), existing.isAnyProcessAlive {
            let isFullyRunning = existing.recordedProcesses.allSatisfy { ManagedProcess.isAlive($0.record) }
            if isFullyRunning {
                print(
                    "A local deployment is already running; it was left as it is (stop it with `meridian dev down`).\n")
            } else {
                var deployment = DevUp(paths: paths, regions: regions, state: existing)
                let restarted = try deployment.restartDeadProcesses()
                print("A local deployment was partly running; restarted \(restarted.joined(separator: ", ")).\n")
            }
            print(DevStatusReport(state: try DevState.load(from: paths.stateDirectory) ?? existing).text())
            return 0
        }

        var deployment = DevUp(paths: paths, regions: regions)
        do {
            try deployment.run()
        } catch {
            report(error)
            printError("Stopping what was started…")
            var state = deployment.state
            for problem in state.stopAll(grace: .seconds(5)) { printError("  \(problem)") }
            try? state.save(to: paths.stateDirectory)
            return 1
        }

        print(DevWelcome(state: deployment.state, paths: paths).text())
        return 0
    }

    private static func status(asJSON: Bool) throws(DeploymentError) -> Int32 {
        let paths = try DevPaths.locate()
        guard let state = try DevState.load(from: paths.stateDirectory) else {
            print(asJSON ? #"{"running": false}"# : "No local deployment has been started (`meridian dev up`).")
            return 1
        }

        let report = DevStatusReport(state: state)
        print(asJSON ? report.json() : report.text())
        return report.running ? 0 : 1
    }

    private static func down() throws(DeploymentError) -> Int32 {
        let paths = try DevPaths.locate()
        guard var state = try DevState.load(from: paths.stateDirectory) else {
            print("Nothing to stop: no local deployment has been started.")
            return 0
        }

        let problems = state.stopAll(grace: .seconds(10))
        try state.save(to: paths.stateDirectory)
        guard problems.isEmpty else {
            for problem in problems { printError("Could not stop \(problem)") }
            return 1
        }
        print("Local deployment stopped. Data and logs stay in \(paths.stateDirectory.path).")
        return 0
    }

    static func report(_ error: any Error) {
        printError("meridian dev: \(error)")
        if let deployment = error as? DeploymentError, let output = deployment.output, !output.isEmpty {
            printError(output.split(separator: "\n").map { "  | \($0)" }.joined(separator: "\n"))
        }
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
