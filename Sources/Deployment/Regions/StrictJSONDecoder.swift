import Foundation

/// Decodes configuration files so that every mistake is reported with the file and the field it is in.
///
/// Besides what `JSONDecoder` checks (syntax, missing fields, wrong types), fields that the target type does
/// not know are rejected: a typo never silently falls back to a default.
struct StrictJSONDecoder {
    /// The error code used for every failure, e.g. `invalidRegion`.
    let code: DeploymentError.Code

    /// Decodes `data`, read from `file`, as `T`.
    func decode<T: Codable>(_ type: T.Type, from data: Data, file: String) throws(DeploymentError) -> T {
        let value: T
        do {
            value = try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw DeploymentError(code, "\(file): \(Self.describe(error))")
        } catch {
            throw DeploymentError(code, "\(file): could not be read")
        }

        if let unknown = unknownField(in: data, known: value) {
            throw DeploymentError(code, "\(file): field \(unknown) is not known")
        }
        return value
    }

    /// The first field path present in `data` that encoding `known` does not produce.
    private func unknownField<T: Encodable>(in data: Data, known: T) -> String? {
        guard let written = try? JSONSerialization.jsonObject(with: data),
            let encoded = try? JSONEncoder().encode(known),
            let expected = try? JSONSerialization.jsonObject(with: encoded)
        else { return nil }
        return Self.firstExtraKey(written, expected, path: "")
    }

    private static func firstExtraKey(_ written: Any, _ expected: Any, path: String) -> String? {
        if let object = written as? [String: Any], let reference = expected as? [String: Any] {
            for key in object.keys.sorted() {
                let field = path.isEmpty ? key : "\(path).\(key)"
                guard let inner = reference[key] else { return field }
                if let extra = firstExtraKey(object[key]!, inner, path: field) { return extra }
            }
        }

        if let array = written as? [Any], let reference = array.isEmpty ? nil : expected as? [Any] {
            for (index, element) in zip(array.indices, array) where index < reference.count {
                if let extra = firstExtraKey(element, reference[index], path: "\(path)[\(index)]") { return extra }
            }
        }
        return nil
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "field \(fieldPath(context.codingPath + [key])) is missing"
        case .typeMismatch(let type, let context):
            return "field \(fieldPath(context.codingPath)) must be \(typeName(type))"
        case .valueNotFound(let type, let context):
            return "field \(fieldPath(context.codingPath)) must be \(typeName(type)), not null"
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "is not valid JSON"
        case .dataCorrupted(let context):
            return "field \(fieldPath(context.codingPath)) has an unacceptable value"
        @unknown default:
            return "could not be decoded"
        }
    }

    private static func fieldPath(_ keys: [any CodingKey]) -> String {
        var path = ""
        for key in keys {
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += path.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return path.isEmpty ? "(top level)" : path
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }
}
