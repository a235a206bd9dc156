/// The state of one request while libmicrohttpd reads it; confined to the connection's thread.
final class ServerExchange {
    var headers = HTTPHeaders()
    var body: [UInt8] = []
    var discardedBytes = 0

    /// A response was already queued (an early rejection); later calls only drain the body.
    var isAnswered = false

    /// Appends a body chunk while under `limit`; past it, the body is dropped and only counted.
    func append(_ chunk: UnsafeRawBufferPointer, limit: Int) {
        guard discardedBytes == 0, body.count + chunk.count <= limit else {
            discardedBytes += chunk.count + body.count
            body = []
            return
        }
        body.append(contentsOf: chunk)
    }

    /// Whether the body went past the limit.
    var isOversized: Bool { discardedBytes > 0 }

    /// Bytes the header section takes on the wire, approximately (`name: value\r\n` per field).
    var headerBytes: Int {
        headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 }
    }
}
