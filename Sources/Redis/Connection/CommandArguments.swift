/// The arguments of one command laid out for hiredis' argv API: one contiguous buffer plus lengths.
struct CommandArguments {
    private var storage: [UInt8] = []
    private var offsets: [Int] = []
    private var lengths: [Int] = []

    /// Copies `arguments`. Throws `.protocolError` for an empty command.
    init(_ arguments: [[UInt8]]) throws {
        guard !arguments.isEmpty else { throw RedisError(code: .protocolError, message: "a command needs a name") }
        for argument in arguments {
            offsets.append(storage.count)
            lengths.append(argument.count)
            storage.append(contentsOf: argument)
        }
        storage.append(0)
    }

    /// Calls `body` with argc, argv and argvlen, valid only during the call.
    func withArgv<T>(
        _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> T
    ) -> T {
        storage.withUnsafeBytes { buffer in
            let base = buffer.baseAddress!.assumingMemoryBound(to: CChar.self)
            var pointers: [UnsafePointer<CChar>?] = offsets.map { base + $0 }
            return pointers.withUnsafeMutableBufferPointer { argv in
                lengths.withUnsafeBufferPointer { argvLengths in
                    body(Int32(argv.count), argv.baseAddress!, argvLengths.baseAddress!)
                }
            }
        }
    }
}
