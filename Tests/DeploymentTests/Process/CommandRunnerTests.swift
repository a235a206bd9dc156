import Deployment
import Foundation
import Testing

@Suite struct CommandRunnerTests {
    @Test func capturesOutputAndExitStatus() throws {
        let result = try CommandRunner.run("sh", ["-c", "echo hello; echo oops >&2; exit 3"])

        #expect(result.status == 3)
        #expect(result.output == "hello\noops\n")
        #expect(!result.succeeded)
    }

    @Test func checkedRunReportsTheFailingStepWithItsOutput() {
        let error = #expect(throws: DeploymentError.self) {
            try CommandRunner.runChecked("sh", ["-c", "echo broken; exit 1"], description: "example step")
        }

        #expect(error?.code == .commandFailed)
        #expect(error?.message == "example step failed with exit status 1")
        #expect(error?.output == "broken\n")
    }

    @Test func commandPastItsDeadlineIsKilled() {
        let start = ContinuousClock.now

        let error = #expect(throws: DeploymentError.self) {
            try CommandRunner.run("sleep", ["30"], timeout: .milliseconds(200))
        }

        #expect(error?.code == .timedOut)
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    @Test func aDaemonLeftBehindDoesNotKeepTheCallerWaiting() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let pidFile = folder.appending("daemon.pid")

        let start = ContinuousClock.now
        let result = try CommandRunner.run("sh", ["-c", "sleep 30 & echo $! > \(pidFile.path)"], timeout: .seconds(20))
        let pid = Int32(
            try String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))!
        ManagedProcess.terminate(ProcessRecord(pid: pid), grace: .seconds(1))

        #expect(result.succeeded)
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    @Test func unknownProgramIsNotFound() {
        let error = #expect(throws: DeploymentError.self) { try CommandRunner.run("no-such-program-here", []) }
        #expect(error?.code == .spawnFailed)
    }
}
