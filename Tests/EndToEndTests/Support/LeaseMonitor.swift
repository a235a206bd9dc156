import Foundation
import Postgres
import Synchronization

/// Watches `shard_leases` of one region every 50 ms on its own connection and records breaches: an epoch seen
/// with two different holders, or a shard whose epoch went back.
final class LeaseMonitor: Sendable {
    private let breaches = Mutex<[String]>([])
    private let isStopped = Atomic(false)
    private let finished = DispatchSemaphore(value: 0)

    init(postgres: String, region: String) throws {
        let connection = try PostgresConnection(configuration: PostgresConfiguration(connectionString: postgres))
        let thread = Thread { [self] in
            watch(connection, region: region)
            connection.close()
            finished.signal()
        }
        thread.start()
    }

    /// Stops watching and returns every breach seen.
    func stop() -> [String] {
        isStopped.store(true, ordering: .relaxed)
        finished.wait()
        return breaches.withLock { $0 }
    }

    private func watch(_ connection: PostgresConnection, region: String) {
        var holders: [String: String] = [:]
        var epochs: [Int: Int64] = [:]
        let deadline = Date().addingTimeInterval(300)

        while !isStopped.load(ordering: .relaxed) && Date() < deadline {
            let rows =
                (try? connection.query(
                    "select shard, epoch, holder_node from shard_leases where region = $1", [region]
                ).rows) ?? []
            for row in rows {
                guard let shard = try? row.int("shard"), let epoch = try? row.int64("epoch"),
                    let holder = try? row.optionalString("holder_node")
                else { continue }
                record(shard: shard, epoch: epoch, holder: holder, holders: &holders, epochs: &epochs)
            }
            usleep(50_000)
        }
    }

    private func record(
        shard: Int, epoch: Int64, holder: String, holders: inout [String: String], epochs: inout [Int: Int64]
    ) {
        let key = "\(shard)@\(epoch)"
        if let known = holders[key], known != holder {
            breaches.withLock { $0.append("shard \(shard) epoch \(epoch) held by \(known) and \(holder)") }
        }
        holders[key] = holder
        if let previous = epochs[shard], previous > epoch {
            breaches.withLock { $0.append("shard \(shard) went back from epoch \(previous) to \(epoch)") }
        }
        epochs[shard] = epoch
    }
}
