import Foundation

extension DevState {
    /// The file name inside the state folder.
    public static let fileName = "state.json"

    /// Reads the state file in `folder`; `nil` when there is none.
    ///
    /// Throws `stateFile` when the file exists but cannot be read or decoded.
    public static func load(from folder: URL) throws(DeploymentError) -> DevState? {
        let file = folder.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }

        do {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(DevState.self, from: Data(contentsOf: file))
        } catch {
            throw DeploymentError(.stateFile, "\(file.path) cannot be read; remove it after stopping what it lists")
        }
    }

    /// Writes the state file in `folder` atomically with mode 600, creating the folder if needed.
    ///
    /// Throws `stateFile` when it cannot be written.
    public func save(to folder: URL) throws(DeploymentError) {
        let file = folder.appendingPathComponent(Self.fileName)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Self.encoded(self).write(to: file, options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        } catch {
            throw DeploymentError(.stateFile, "\(file.path) cannot be written")
        }
    }

    /// Pretty, key-sorted JSON with ISO 8601 dates, as stored in the file.
    static func encoded(_ state: DevState) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(state)
    }
}
