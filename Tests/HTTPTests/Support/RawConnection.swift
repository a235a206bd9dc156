import Foundation
import Glibc

/// A plain TCP connection to a loopback port, for sending bytes no well-behaved client would send.
final class RawConnection {
    private let descriptor: Int32

    init(port: Int, receiveTimeout: Duration = .seconds(5)) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw RawConnectionError.failed("socket") }
        var timeout = timeval(tv_sec: Int(receiveTimeout.components.seconds), tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard status == 0 else { throw RawConnectionError.failed("connect") }
    }

    deinit {
        close(descriptor)
    }

    /// Writes all of `bytes`; `false` when the peer closed.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Reads one HTTP response with a `Content-Length` body; `nil` when the peer closed or timed out first.
    func readResponse() -> (head: String, body: [UInt8])? {
        var buffer: [UInt8] = []
        while true {
            if let end = buffer.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
                let length = Self.contentLength(head)
                while buffer.count - end.upperBound < length {
                    guard receive(into: &buffer) else { return nil }
                }
                return (head, Array(buffer[end.upperBound..<end.upperBound + length]))
            }
            guard receive(into: &buffer) else { return nil }
        }
    }

    /// Reads until the peer closes or the receive timeout passes; returns everything read.
    func readUntilClosed() -> [UInt8] {
        var buffer: [UInt8] = []
        while receive(into: &buffer) {}
        return buffer
    }

    /// Whether the last read ended because the peer closed (rather than a timeout or an error).
    private(set) var wasClosedByPeer = false

    private func receive(into buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 << 10)
        let count = recv(descriptor, &chunk, chunk.count, 0)
        wasClosedByPeer = count == 0 || (count < 0 && errno == ECONNRESET)
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[..<count])
        return true
    }

    private static func contentLength(_ head: String) -> Int {
        for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
            return Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        return 0
    }
}

enum RawConnectionError: Error {
    case failed(String)
}
