import Deployment
import Foundation
import Testing

@Suite struct DevStateTests {
    private func sampleState() -> DevState {
        var state = DevState()
        state.startedAt = Date(timeIntervalSince1970: 1_800_000_000)
        state.tenant = "demo"
        state.token = "header.payload.signature"
        state.callbackSecret = "whsec_c2VjcmV0"
        state.postgres = .init(
            host: "127.0.1.1", port: 55_432, dataDirectory: "/tmp/pg", logFile: "/tmp/pg.log", database: "meridian",
            url: "postgresql://postgres@127.0.1.1:55432/meridian", process: ProcessRecord(pid: 41, startTime: 7))
        state.redis = [
            .init(
                region: "local-1", host: "127.0.1.1", port: 56_379, directory: "/tmp/r", url: "redis://127.0.1.1:56379")
        ]
        state.nodes = [
            .init(
                id: "local-1-a", region: "local-1", url: "http://127.0.1.11:58080", configFile: "/tmp/a.json",
                logFile: "/tmp/a.log", process: ProcessRecord(pid: 42, startTime: 9))
        ]
        state.receiver = .init(id: "receiver", url: "http://127.0.0.1:59900", logFile: "/tmp/receiver.log")
        state.demoJobIDs = ["job-1", "job-2"]
        return state
    }

    @Test func stateSurvivesASaveAndLoadUnchanged() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let state = sampleState()

        try state.save(to: folder.url)
        let loaded = try DevState.load(from: folder.url)

        #expect(loaded == state)
    }

    @Test func stateFileIsReadableOnlyByItsOwner() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }

        try sampleState().save(to: folder.appending("nested"))
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.appending("nested/state.json").path)

        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func missingStateFileLoadsAsNothing() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }

        #expect(try DevState.load(from: folder.url) == nil)
    }

    @Test func corruptStateFileIsReportedWithoutItsContents() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try Data("{\"token\": \"secret-token\"".utf8).write(to: folder.appending("state.json"))

        let error = #expect(throws: DeploymentError.self) { try DevState.load(from: folder.url) }
        #expect(error?.code == .stateFile)
        #expect(error?.description.contains("secret-token") == false)
    }

    @Test func recordedProcessesListNodesFirstAndPostgresLast() {
        let labels = sampleState().recordedProcesses.map(\.label)

        #expect(labels == ["node local-1-a", "postgres"])
    }

    @Test func stoppingAStateWhoseProcessesAreGoneSucceedsAndClearsThem() throws {
        var state = sampleState()
        state.postgres = nil
        state.nodes[0].process = ProcessRecord(pid: Int32.max - 1, startTime: 1)

        let problems = state.stopAll(grace: .milliseconds(100))

        #expect(problems.isEmpty)
        #expect(state.recordedProcesses.isEmpty)
    }
}
