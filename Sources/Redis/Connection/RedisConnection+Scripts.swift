extension RedisConnection {
    /// Runs `script` with `EVALSHA`. If the server does not know it (`NOSCRIPT`, e.g. after a restart
    /// or `SCRIPT FLUSH`), loads it with `SCRIPT LOAD` and retries once; should the cache be flushed again in
    /// between, the script runs with `EVAL` and its source. Throws like `command(_:)`; a Lua error comes back
    /// as `.server`.
    public func evaluate(_ script: RedisScript, keys: [String], arguments: [String]) throws -> RedisValue {
        let invocation = ["EVALSHA", script.sha1, String(keys.count)] + keys + arguments
        do {
            return try command(invocation)
        } catch let error as RedisError where error.code == .server && error.message.hasPrefix("NOSCRIPT") {
            let loaded = try command(["SCRIPT", "LOAD", script.source])
            guard loaded.string == script.sha1 else {
                throw RedisError(code: .protocolError, message: "server named the script differently than its SHA-1")
            }
            do {
                return try command(invocation)
            } catch let error as RedisError where error.code == .server && error.message.hasPrefix("NOSCRIPT") {
                return try command(["EVAL", script.source, String(keys.count)] + keys + arguments)
            }
        }
    }
}
