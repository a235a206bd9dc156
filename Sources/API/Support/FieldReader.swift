import Foundation
import HTTP
import ScheduleEngine

/// Reads typed members of a JSON object and turns every mistake into a 400 problem naming the field.
struct FieldReader {
    let members: [String: JSONValue]
    let path: String

    /// Wraps `value`, which must be an object; `path` prefixes field names ("target.").
    init(_ value: JSONValue, path: String = "") throws(Problem) {
        guard case .object(let members) = value else {
            throw Problem.validation(path.isEmpty ? "body" : String(path.dropLast()), "must be a JSON object")
        }
        self.members = members
        self.path = path
    }

    /// Rejects members not in `allowed`, naming the first one (sorted, so the answer is stable).
    func rejectUnknown(allowed: Set<String>, readOnly: Set<String> = []) throws(Problem) {
        for key in members.keys.sorted() where !allowed.contains(key) {
            let why = readOnly.contains(key) ? "is set by the server and cannot be written" : "is not a known field"
            throw Problem.validation(path + key, why)
        }
    }

    func string(_ key: String, maximumLength: Int, allowEmpty: Bool = false) throws(Problem) -> String? {
        guard let value = present(key) else { return nil }
        guard case .string(let text) = value else { throw mistyped(key, "a string", value) }
        if !allowEmpty && text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw Problem.validation(path + key, "must not be empty")
        }
        guard text.utf8.count <= maximumLength else {
            throw Problem.validation(path + key, "must be at most \(maximumLength) bytes")
        }
        guard !text.utf8.contains(0) else { throw Problem.validation(path + key, "must not contain NUL characters") }
        return text
    }

    func requiredString(_ key: String, maximumLength: Int) throws(Problem) -> String {
        guard let text = try string(key, maximumLength: maximumLength) else {
            throw Problem.validation(path + key, "is required")
        }
        return text
    }

    func integer(_ key: String, in range: ClosedRange<Int64>) throws(Problem) -> Int? {
        guard let value = present(key) else { return nil }
        guard case .integer(let number) = value else { throw mistyped(key, "an integer", value) }
        guard range.contains(number) else {
            throw Problem.validation(path + key, "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return Int(number)
    }

    func choice<T: RawRepresentable & CaseIterable>(_ key: String, of type: T.Type) throws(Problem) -> T?
    where T.RawValue == String {
        guard let text = try string(key, maximumLength: 64) else { return nil }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw Problem.validation(path + key, "must be one of \(allowed)")
        }
        return value
    }

    func object(_ key: String) throws(Problem) -> FieldReader? {
        guard let value = present(key) else { return nil }
        return try FieldReader(value, path: path + key + ".")
    }

    func stringMap(_ key: String, maximumCount: Int) throws(Problem) -> [String: String]? {
        guard let value = present(key) else { return nil }
        guard case .object(let members) = value else { throw mistyped(key, "an object of strings", value) }
        guard members.count <= maximumCount else {
            throw Problem.validation(path + key, "must have at most \(maximumCount) entries")
        }
        var map: [String: String] = [:]
        for (name, member) in members {
            guard case .string(let text) = member else { throw mistyped("\(key).\(name)", "a string", member) }
            map[name] = text
        }
        return map
    }

    /// The member, treating JSON null as absent.
    private func present(_ key: String) -> JSONValue? {
        guard let value = members[key], value != .null else { return nil }
        return value
    }

    private func mistyped(_ key: String, _ expected: String, _ value: JSONValue) -> Problem {
        Problem.validation(path + key, "must be \(expected), not \(value.typeName)")
    }
}

extension Problem {
    /// A 400 `validation_failed` problem for `field`, whose detail reads "<field> <message>".
    static func validation(_ field: String, _ message: String) -> Problem {
        Problem(
            status: 400, code: "validation_failed", title: "Invalid request",
            detail: "\(field) \(message)", field: field)
    }

    /// Parses a request body as JSON, or throws a 400 `malformed_json` problem.
    static func parseJSON(_ body: [UInt8]) throws(Problem) -> JSONValue {
        guard !body.isEmpty else {
            throw Problem(status: 400, code: "malformed_json", title: "Malformed JSON", detail: "the body is empty")
        }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(body))
        } catch {
            throw Problem(
                status: 400, code: "malformed_json", title: "Malformed JSON", detail: "the body is not valid JSON")
        }
    }
}

extension Problem {
    /// A 400 problem for a schedule the engine refused: its message, the cron field and character position it
    /// names, and its stable code.
    static func schedule(_ error: any Error, field: String = "schedule") -> Problem {
        guard let error = error as? ScheduleError else { return validation(field, "cannot be evaluated") }
        var location: [String] = []
        if let part = error.field, part != field { location.append("cron field \(part)") }
        if let position = error.position { location.append("position \(position)") }
        location.append("code \(error.code.rawValue)")

        var problem = validation(field, "is invalid: \(error.message) (\(location.joined(separator: ", ")))")
        problem.subfield = error.field == field ? nil : error.field
        problem.position = error.position
        problem.reason = error.code.rawValue
        return problem
    }
}
