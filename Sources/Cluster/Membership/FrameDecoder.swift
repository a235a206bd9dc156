import Foundation

/// The wire format of membership messages: a 4-byte big-endian length, then that many bytes made of a version
/// byte and the message as JSON.
///
/// The decoder is incremental: feed it what the socket gave, take whole messages out. A frame that is too long,
/// of an unknown version or not a valid message throws; the connection it came from must then be closed.
public struct FrameDecoder: Sendable {
    /// The only version spoken.
    public static let version: UInt8 = 1

    /// Longest frame accepted, version byte included: 256 KiB, far above a table of a few hundred members.
    public static let maximumLength = 256 * 1024

    private var buffer: [UInt8] = []

    /// Creates an empty decoder.
    public init() {}

    /// Encodes `message` as one frame.
    public static func encode(_ message: MembershipMessage) -> [UInt8] {
        let payload = (try? JSONEncoder().encode(message)).map(Array.init) ?? []
        let length = UInt32(payload.count + 1)
        let header = withUnsafeBytes(of: length.bigEndian) { Array($0) }
        return header + [version] + payload
    }

    /// Adds bytes read from the connection.
    public mutating func append(_ bytes: some Collection<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next whole message, or `nil` when more bytes are needed.
    ///
    /// - Throws: ``ClusterError`` `oversizedFrame`, `unknownVersion` or `malformedFrame`.
    public mutating func next() throws(ClusterError) -> MembershipMessage? {
        guard buffer.count >= 4 else { return nil }
        let length = buffer[0..<4].reduce(0) { ($0 << 8) | Int($1) }
        guard length >= 1, length <= Self.maximumLength else {
            throw ClusterError(code: .oversizedFrame, message: "a membership frame declared \(length) bytes")
        }
        guard buffer.count >= 4 + length else { return nil }

        let frame = buffer[4..<(4 + length)]
        buffer.removeFirst(4 + length)
        guard frame.first == Self.version else {
            throw ClusterError(code: .unknownVersion, message: "a membership frame had version \(frame.first ?? 0)")
        }

        do {
            return try JSONDecoder().decode(MembershipMessage.self, from: Data(frame.dropFirst()))
        } catch {
            throw ClusterError(code: .malformedFrame, message: "a membership frame did not hold a valid message")
        }
    }
}
