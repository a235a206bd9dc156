import Deployment
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct ManagedProcessTests {
    @Test func spawnedChildRunsInItsOwnProcessGroupAndIsTerminated() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }

        let record = try ManagedProcess.spawn(
            executable: "/bin/sleep", arguments: ["30"], logFile: folder.appending("sleep.log"))
        #expect(ManagedProcess.isAlive(record))
        #expect(getpgid(record.pid) == record.pid)
        #expect(record.startTime != nil)

        #expect(ManagedProcess.terminate(record, grace: .seconds(5)))
        #expect(!ManagedProcess.isAlive(record))
    }

    @Test func childIgnoringSIGTERMIsKilledAfterTheGracePeriod() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let record = try ManagedProcess.spawn(
            executable: "/bin/sh", arguments: ["-c", "trap '' TERM; echo ready; exec sleep 30"],
            logFile: folder.appending("stubborn.log"))
        let log = folder.appending("stubborn.log")
        #expect(
            waitUntil(deadline: .now + .seconds(5)) { (try? String(contentsOf: log, encoding: .utf8)) == "ready\n" })

        let start = ContinuousClock.now
        #expect(ManagedProcess.terminate(record, grace: .milliseconds(300)))

        #expect(ContinuousClock.now - start >= .milliseconds(300))
        #expect(!ManagedProcess.isAlive(record))
    }

    @Test func outputGoesToTheLogFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let log = folder.appending("echo.log")

        let record = try ManagedProcess.spawn(
            executable: "/bin/sh", arguments: ["-c", "echo out; echo err >&2"], logFile: log)

        #expect(waitUntil(deadline: .now + .seconds(5)) { !ManagedProcess.isAlive(record) })
        #expect(try String(contentsOf: log, encoding: .utf8) == "out\nerr\n")
    }

    @Test func aRecordWithAnotherStartTimeIsNeverTreatedAsAlive() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let record = try ManagedProcess.spawn(
            executable: "/bin/sleep", arguments: ["30"], logFile: folder.appending("sleep.log"))
        defer { ManagedProcess.terminate(record, grace: .seconds(1)) }

        let impostor = ProcessRecord(pid: record.pid, startTime: (record.startTime ?? 0) + 1)

        #expect(!ManagedProcess.isAlive(impostor))
        #expect(ManagedProcess.terminate(impostor, grace: .milliseconds(10)))
        #expect(ManagedProcess.isAlive(record))
    }

    @Test func missingProgramFailsToSpawn() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }

        let error = #expect(throws: DeploymentError.self) {
            try ManagedProcess.spawn(
                executable: "/nonexistent/program", arguments: [], logFile: folder.appending("x.log"))
        }
        #expect(error?.code == .spawnFailed)
    }
}
