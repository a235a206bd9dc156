import Foundation

/// Command-line options of the form `--name value` and `--flag`, with errors that name the option.
struct Arguments {
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []

    /// Parses `arguments`; `flagNames` are the options that take no value.
    init(_ arguments: [String], flagNames: Set<String> = []) throws {
        if arguments.contains("--help") || arguments.contains("-h") { throw HelpRequested() }
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--"), argument.count > 2 else {
                throw UsageError("unexpected argument \"\(argument)\"; options look like --name value")
            }
            let name = String(argument.dropFirst(2))
            if flagNames.contains(name) {
                flags.insert(name)
                index += 1
                continue
            }
            guard index + 1 < arguments.count else { throw UsageError("--\(name) needs a value") }
            values[name, default: []].append(arguments[index + 1])
            index += 2
        }
    }

    /// The last value of `--name`, or `nil`.
    func value(_ name: String) -> String? { values[name]?.last }

    /// Every value given for `--name`.
    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// The value of `--name`, or a usage error saying it is required.
    func required(_ name: String) throws -> String {
        guard let value = value(name), !value.isEmpty else { throw UsageError("--\(name) is required") }
        return value
    }

    /// `--name` as an integer in `range`, or `fallback` when absent.
    func integer(_ name: String, in range: ClosedRange<Int>, default fallback: Int) throws -> Int {
        guard let text = value(name) else { return fallback }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError("--\(name) must be an integer between \(range.lowerBound) and \(range.upperBound)")
        }
        return number
    }

    /// Whether the flag `--name` was given.
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// Fails when an option outside `known` was given, naming it.
    func rejectUnknown(_ known: Set<String>) throws {
        for name in Set(values.keys).union(flags).sorted() where !known.contains(name) {
            throw UsageError("unknown option --\(name)")
        }
    }
}

/// A mistake on the command line; printed as `meridian: <message>` with exit status 2.
struct UsageError: Error, CustomStringConvertible {
    var message: String

    init(_ message: String) { self.message = message }

    var description: String { message }
}

/// `--help` was given: main prints the command's usage line and exits 0.
struct HelpRequested: Error {}
