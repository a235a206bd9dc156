/// Reads a compiled IANA zone file (TZif, RFC 8536) into a ``ZoneTimeline``.
///
/// Uses the 64-bit block of version 2+ files (the 32-bit block of version 1 files), ignores leap-second records
/// and expands the footer's POSIX rule after the last stored transition.
enum TZifReader {
    /// Why a file was not accepted; the caller turns every case into `invalidTimeZone`.
    struct Failure: Error {}

    static func timeline(from bytes: [UInt8]) throws(Failure) -> ZoneTimeline {
        var reader = ByteReader(bytes: bytes)
        let version1 = try reader.header()
        guard version1.version >= 2 else {
            return try reader.block(version1, timeSize: 4).timeline(footer: nil)
        }

        try reader.skip(version1.dataLength(timeSize: 4))
        let header = try reader.header()
        let block = try reader.block(header, timeSize: 8)
        return block.timeline(footer: reader.footer())
    }

    /// Counts from a TZif header.
    struct Header {
        var version: Int
        var utcIndicators: Int
        var standardIndicators: Int
        var leapSeconds: Int
        var transitions: Int
        var types: Int
        var designationBytes: Int

        func dataLength(timeSize: Int) -> Int {
            transitions * (timeSize + 1) + types * 6 + designationBytes + leapSeconds * (timeSize + 4)
                + standardIndicators + utcIndicators
        }
    }

    /// The data block: transition instants, their type indices and the offset of each type.
    struct Block {
        var instants: [Int]
        var typeIndices: [Int]
        var typeOffsets: [Int]

        func timeline(footer: PosixTimeZoneRule?) -> ZoneTimeline {
            var changes: [(instant: Int, offset: Int)] = []
            for (instant, typeIndex) in zip(instants, typeIndices) {
                changes.append((instant, typeOffsets[typeIndex]))
            }
            let initial = typeOffsets.first ?? 0
            guard let footer else {
                return ZoneTimeline(initialOffset: initial, changes: changes)
            }

            let lastInstant = instants.last ?? Int.min / 4
            let firstYear = instants.last.map { CivilCalendar.date(dayNumber: $0 / 86_400).year } ?? 1900
            for year in firstYear...ZoneTimeline.lastCoveredYear {
                for change in footer.transitions(inYear: year) where change.instant > lastInstant {
                    changes.append(change)
                }
            }
            return ZoneTimeline(initialOffset: instants.isEmpty ? footer.standardOffset : initial, changes: changes)
        }
    }

    /// A bounds-checked big-endian cursor.
    struct ByteReader {
        let bytes: [UInt8]
        var index = 0

        mutating func header() throws(Failure) -> Header {
            guard index + 44 <= bytes.count, bytes[index..<index + 4].elementsEqual("TZif".utf8) else {
                throw Failure()
            }
            let versionByte = bytes[index + 4]
            let version = versionByte == 0 ? 1 : Int(versionByte) - Int(UInt8(ascii: "0"))
            index += 20
            var counts: [Int] = []
            for _ in 0..<6 {
                counts.append(try integer(size: 4))
            }
            guard counts.allSatisfy({ $0 >= 0 && $0 < 100_000 }), counts[4] >= 1 else {
                throw Failure()
            }
            return Header(
                version: version, utcIndicators: counts[0], standardIndicators: counts[1],
                leapSeconds: counts[2], transitions: counts[3], types: counts[4], designationBytes: counts[5]
            )
        }

        mutating func block(_ header: Header, timeSize: Int) throws(Failure) -> Block {
            guard index + header.dataLength(timeSize: timeSize) <= bytes.count else {
                throw Failure()
            }
            var instants: [Int] = []
            for _ in 0..<header.transitions {
                instants.append(try integer(size: timeSize))
            }
            var typeIndices: [Int] = []
            for _ in 0..<header.transitions {
                typeIndices.append(try integer(size: 1, signed: false))
            }

            var typeOffsets: [Int] = []
            for _ in 0..<header.types {
                typeOffsets.append(try integer(size: 4))
                try skip(2)
            }
            guard typeIndices.allSatisfy({ $0 < header.types }) else {
                throw Failure()
            }
            try skip(header.dataLength(timeSize: timeSize) - header.transitions * (timeSize + 1) - header.types * 6)
            return Block(instants: instants, typeIndices: typeIndices, typeOffsets: typeOffsets)
        }

        /// The POSIX TZ string between two newlines after the version 2+ block, if present and understood.
        func footer() -> PosixTimeZoneRule? {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\n") else {
                return nil
            }
            let rest = bytes[(index + 1)...]
            guard let end = rest.firstIndex(of: UInt8(ascii: "\n")), end > index + 1 else {
                return nil
            }
            return PosixTimeZoneRule(parsing: String(decoding: bytes[(index + 1)..<end], as: UTF8.self))
        }

        mutating func skip(_ count: Int) throws(Failure) {
            guard count >= 0, index + count <= bytes.count else {
                throw Failure()
            }
            index += count
        }

        private mutating func integer(size: Int, signed: Bool = true) throws(Failure) -> Int {
            guard index + size <= bytes.count else {
                throw Failure()
            }
            var value: UInt64 = 0
            for byte in bytes[index..<index + size] {
                value = value << 8 | UInt64(byte)
            }
            index += size
            guard signed, size < 8 else {
                return Int(truncatingIfNeeded: value)
            }
            let shift = UInt64(64 - size * 8)
            return Int(truncatingIfNeeded: value << shift) >> Int(shift)
        }
    }
}
