import CLibPQ
import Synchronization

/// Remembers whether the server announced the end of the session (a `FATAL` or `PANIC` message that
/// arrived while no query was running, as after `pg_terminate_backend`). libpq reports such messages
/// only as notices, and the socket may not show end-of-file yet.
final class FatalNoticeFlag: Sendable {
    private let isRaised = Atomic<Bool>(false)

    /// True once a session-ending notice arrived.
    var hasEndedSession: Bool { isRaised.load(ordering: .acquiring) }

    /// Installs a notice receiver on `handle` that drops every notice (nothing is printed) and raises
    /// this flag for session-ending ones. The flag must outlive the handle.
    func install(on handle: OpaquePointer) {
        PQsetNoticeReceiver(handle, receiveNotice, Unmanaged.passUnretained(self).toOpaque())
    }

    fileprivate func raise() {
        isRaised.store(true, ordering: .releasing)
    }
}

/// libpq notice receiver; `context` is an unretained `FatalNoticeFlag`.
private func receiveNotice(_ context: UnsafeMutableRawPointer?, _ result: OpaquePointer?) {
    guard let context, let result else { return }
    let severityField = Int32(UInt8(ascii: "V"))
    guard let severity = PQresultErrorField(result, severityField).map({ String(cString: $0) }) else { return }

    if severity == "FATAL" || severity == "PANIC" {
        Unmanaged<FatalNoticeFlag>.fromOpaque(context).takeUnretainedValue().raise()
    }
}
