import Foundation
import Postgres
import Synchronization

/// Access to the scratch database that `scripts/test.sh` starts for the integration tests.
enum TestDatabase {
    struct MissingEnvironment: Error, CustomStringConvertible {
        var description: String {
            "MERIDIAN_TEST_POSTGRES_URL is not set: run scripts/test.sh to start Postgres for the tests"
        }
    }

    /// The superuser URI of the scratch database. Throws (failing the test) when unset.
    static func url() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["MERIDIAN_TEST_POSTGRES_URL"], !url.isEmpty else {
            throw MissingEnvironment()
        }
        return url
    }

    static func configuration() throws -> PostgresConfiguration {
        var configuration = PostgresConfiguration(connectionString: try url())
        configuration.connectTimeout = .seconds(3)
        return configuration
    }

    static func connect() throws -> PostgresConnection {
        try PostgresConnection(configuration: try configuration())
    }

    /// A fresh identifier, safe to use unquoted, so parallel tests never share tables or schemas.
    static func uniqueName(_ prefix: String) -> String {
        prefix + "_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }

    /// True once no session with `pid` remains on the server; polls with a deadline.
    static func waitUntilGone(_ pid: Int32, using connection: PostgresConnection) throws -> Bool {
        try eventually {
            try connection.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [pid]).rows.isEmpty
        }
    }
}

/// Polls `condition` every few milliseconds until it holds or `timeout` passes; returns the last answer.
func eventually(timeout: Duration = .seconds(5), _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.005)
    }
    return try condition()
}

/// A body running on its own thread, so tests can block on it without tying up the test runner.
final class BackgroundThread: Sendable {
    private let finished = DispatchSemaphore(value: 0)

    init(_ body: @escaping @Sendable () -> Void) {
        let finished = finished
        let thread = Thread {
            body()
            finished.signal()
        }
        thread.start()
    }

    /// Waits for the body to return; false if it is still running after `timeout`.
    func join(timeout: Duration = .seconds(10)) -> Bool {
        let milliseconds = Int(timeout.components.seconds * 1000)
        return finished.wait(timeout: .now() + .milliseconds(milliseconds)) == .success
    }
}

/// A value written by one thread and read by another.
final class SharedBox<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>

    init(_ value: Value) {
        storage = Mutex(value)
    }

    var value: Value {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }

    func update(_ change: (inout Value) -> Void) {
        storage.withLock { change(&$0) }
    }
}
