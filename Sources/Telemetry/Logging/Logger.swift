import Foundation
import Synchronization

/// A structured logger that writes one JSON object per line.
///
/// Messages are fixed phrases ("Shard acquired"); the data that varies goes in `metadata` under dotted keys
/// (`shard.id`). A `Logger` is a cheap value: copy it and add metadata for a component with ``with(_:)``.
public struct Logger: Sendable {
    /// Severity, lowest first. `debug` is for lifecycle and decisions, `info` for degraded-but-handled
    /// situations, `warning` and `error` for what an operator must act on.
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case trace, debug, info, warning, error

        /// The lowercase name used in the log line and in configuration.
        public var name: String { String(describing: self) }

        /// Parses a level name; `nil` for an unknown one.
        public init?(name: String) {
            guard let level = Level.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
            self = level
        }

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The component name written as `logger` in every line.
    public let label: String

    /// Lines below this level are dropped before they are formatted.
    public var minimumLevel: Level

    /// Metadata added to every line of this logger.
    public var metadata: [String: String]

    private let sink: LogSink

    /// Creates a logger writing to `sink` (standard error by default).
    public init(label: String, minimumLevel: Level = .info, sink: LogSink = .standardError) {
        self.label = label
        self.minimumLevel = minimumLevel
        self.metadata = [:]
        self.sink = sink
    }

    /// A logger that drops every line; for tests and tools that must stay quiet.
    public static let silent = Logger(label: "silent", minimumLevel: .error, sink: .discard)

    /// Returns a copy with `extra` merged into its metadata.
    public func with(_ extra: [String: String]) -> Logger {
        var copy = self
        copy.metadata.merge(extra) { _, new in new }
        return copy
    }

    /// Returns a copy labelled `label`, keeping level, metadata and sink.
    public func labelled(_ label: String) -> Logger {
        var copy = Logger(label: label, minimumLevel: minimumLevel, sink: sink)
        copy.metadata = metadata
        return copy
    }

    /// Writes `message` at `level` with `metadata` when the level is enabled.
    public func log(_ level: Level, _ message: @autoclosure () -> String, _ extra: [String: String] = [:]) {
        guard level >= minimumLevel else { return }
        var fields = metadata.merging(extra) { _, new in new }
        fields["ts"] = LogTimestamp.format(Date())
        fields["level"] = level.name
        fields["logger"] = label
        fields["msg"] = message()
        sink.write(JSONLine.encode(fields))
    }

    public func trace(_ message: @autoclosure () -> String, _ extra: [String: String] = [:]) {
        log(.trace, message(), extra)
    }

    public func debug(_ message: @autoclosure () -> String, _ extra: [String: String] = [:]) {
        log(.debug, message(), extra)
    }

    public func info(_ message: @autoclosure () -> String, _ extra: [String: String] = [:]) {
        log(.info, message(), extra)
    }

    public func warning(_ message: @autoclosure () -> String, _ extra: [String: String] = [:]) {
        log(.warning, message(), extra)
    }

    public func error(_ message: @autoclosure () -> String, _ extra: [String: String] = [:]) {
        log(.error, message(), extra)
    }
}

/// Where log lines go. Writes are serialized so lines never interleave.
public final class LogSink: Sendable {
    private let handle: Mutex<FileHandle?>
    private let captured: Mutex<[String]>
    private let isCapturing: Bool

    private init(handle: FileHandle?, isCapturing: Bool) {
        self.handle = Mutex(handle)
        self.captured = Mutex([])
        self.isCapturing = isCapturing
    }

    /// Standard error, the default for servers.
    public static let standardError = LogSink(handle: FileHandle.standardError, isCapturing: false)

    /// Standard output, for tools whose log is their output.
    public static let standardOutput = LogSink(handle: FileHandle.standardOutput, isCapturing: false)

    /// Drops every line.
    public static let discard = LogSink(handle: nil, isCapturing: false)

    /// Keeps lines in memory; tests print them only when they fail.
    public static func capture() -> LogSink { LogSink(handle: nil, isCapturing: true) }

    /// Appends to the file at `path`, creating it.
    public static func file(_ path: String) throws -> LogSink {
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        handle.seekToEndOfFile()
        return LogSink(handle: handle, isCapturing: false)
    }

    /// Lines kept by a capturing sink, oldest first.
    public var lines: [String] { captured.withLock { $0 } }

    func write(_ line: String) {
        if isCapturing {
            captured.withLock { $0.append(line) }
            return
        }
        handle.withLock { handle in
            handle?.write(Data((line + "\n").utf8))
        }
    }
}
