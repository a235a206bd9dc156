import Foundation

/// Stable numbers derived from names and ids: which shard a job lives in, and which advisory lock guards a shard.
public enum ShardKey {
    /// The shard of `id` among `shardCount` shards: FNV-1a of the id's 16 bytes, modulo the count.
    public static func shard(of id: UUID, shardCount: Int) -> Int {
        let bytes = withUnsafeBytes(of: id.uuid) { Array($0) }
        return Int(fnv1a(bytes) % UInt64(shardCount))
    }

    /// The 64-bit advisory-lock key of `shard` in `region`: a 32-bit hash of the region name, then the shard.
    ///
    /// In `pg_locks` it shows as `classid` = region hash, `objid` = shard, `objsubid` = 1.
    public static func lockKey(region: String, shard: Int) -> Int64 {
        let regionHash = UInt64(truncatingIfNeeded: fnv1a(Array(region.utf8))) & 0x7FFF_FFFF
        return Int64(bitPattern: (regionHash << 32) | UInt64(UInt32(truncatingIfNeeded: shard)))
    }

    /// 64-bit FNV-1a.
    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
