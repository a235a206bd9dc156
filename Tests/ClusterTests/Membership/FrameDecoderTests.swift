import Cluster
import Testing

/// The membership wire format: whole frames round-trip, split reads reassemble, bad frames throw.
@Suite struct FrameDecoderTests {
    let message = MembershipMessage(
        kind: .heartbeat,
        sender: Member(
            id: "a", region: "r1", address: ClusterAddress(host: "127.0.0.1", port: 7000), incarnation: 3,
            state: .alive))

    @Test func framesRoundTripEvenWhenReadByteByByte() throws {
        let frame = FrameDecoder.encode(message)
        var decoder = FrameDecoder()
        var decoded: [MembershipMessage] = []
        for byte in frame + frame {
            decoder.append([byte])
            while let next = try decoder.next() { decoded.append(next) }
        }
        #expect(decoded == [message, message])
    }

    @Test(
        arguments: [
            ([0, 0, 0, 0], ClusterError.Code.oversizedFrame),
            ([0, 0x10, 0, 0], .oversizedFrame),
            ([0, 0, 0, 2, 9, 0x7b], .unknownVersion),
            ([0, 0, 0, 3, 1, 0x7b, 0x7d], .malformedFrame),
            ([0, 0, 0, 5, 1] + Array("nope".utf8), .malformedFrame),
        ] as [([UInt8], ClusterError.Code)])
    func badFramesThrowTheirCode(bytes: [UInt8], code: ClusterError.Code) {
        var decoder = FrameDecoder()
        decoder.append(bytes)
        var caught: ClusterError?
        do {
            _ = try decoder.next()
        } catch {
            caught = error
        }
        #expect(caught?.code == code)
    }

    @Test func partialFrameWaitsForMoreBytes() throws {
        var decoder = FrameDecoder()
        decoder.append(FrameDecoder.encode(message).dropLast())
        #expect(try decoder.next() == nil)
    }

    @Test(arguments: ["127.0.0.1:7000", "10.0.0.1:1"])
    func addressesParse(text: String) {
        #expect(ClusterAddress(text)?.description == text)
    }

    @Test(arguments: ["127.0.0.1", ":80", "host:0", "host:70000", "host:x"])
    func badAddressesDoNotParse(text: String) {
        #expect(ClusterAddress(text) == nil)
    }
}
