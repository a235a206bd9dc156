import Deployment
import Foundation

/// Small file helpers of `meridian dev`.
enum DevFiles {
    /// Writes `data` atomically to `file` with mode 600 (it may hold secrets).
    static func writePrivate(_ data: Data, to file: URL) throws(DeploymentError) {
        do {
            try data.write(to: file, options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        } catch {
            throw DeploymentError(.fileSystem, "Could not write \(file.path)")
        }
    }

    /// The last `count` lines of a log file, or an empty string when it cannot be read.
    static func tail(of file: URL, lines count: Int = 20) -> String {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return "" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(count).joined(separator: "\n")
    }

    /// The last non-empty line a command printed, trimmed.
    static func lastLine(of output: String) -> String {
        let lines = output.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        return lines.last { !$0.isEmpty } ?? ""
    }
}
