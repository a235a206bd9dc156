import Synchronization

/// What a node's lease loop holds and wants, shared by the manager and its per-region views.
///
/// `@unchecked Sendable` is not needed: every field sits behind a `Mutex`.
final class LeaseBook: Sendable {
    struct Wants: Sendable {
        var desired: Set<ShardID>
        var deadNodes: Set<String> = []
        /// Dead without a leave (crashed, frozen past the timeout): their unfinished attempts will not finish.
        var failedNodes: Set<String> = []
    }

    let owned: Mutex<[ShardID: Int64]> = Mutex([:])
    let wants: Mutex<Wants>

    init(desired: Set<ShardID>) {
        wants = Mutex(Wants(desired: desired))
    }
}
