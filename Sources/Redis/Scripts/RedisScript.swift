/// A Lua script run with `RedisConnection.evaluate`, identified by the SHA-1 of its source.
///
/// The digest is computed locally, so the first call can go straight to `EVALSHA`; the source is
/// sent only when the server does not know the script yet (after a restart or `SCRIPT FLUSH`).
public struct RedisScript: Sendable, Hashable {
    /// The Lua source.
    public let source: String

    /// Lowercase hex SHA-1 of the UTF-8 source, as Redis computes it.
    public let sha1: String

    /// Creates a script and computes its digest.
    public init(_ source: String) {
        self.source = source
        self.sha1 = SHA1.hexDigest(source.utf8)
    }
}
