/// One path pattern of a ``Router`` and its handlers by method.
struct Route: Sendable {
    /// A pattern segment: fixed text or a named capture.
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    let pattern: String
    let segments: [Segment]
    var handlers: [String: HTTPHandler] = [:]

    init(pattern: String) {
        self.pattern = pattern
        self.segments = pathSegments(pattern).map { text in
            if text.hasPrefix("{") && text.hasSuffix("}") && text.count > 2 {
                return .parameter(String(text.dropFirst().dropLast()))
            }
            return .literal(String(text))
        }
    }

    /// The methods this route answers, with `HEAD` implied by `GET`.
    var allowedMethods: Set<String> {
        var methods = Set(handlers.keys)
        if methods.contains("GET") { methods.insert("HEAD") }
        return methods
    }

    /// The handler for `method`; `HEAD` falls back to `GET`.
    func handler(for method: String) -> HTTPHandler? {
        handlers[method] ?? (method == "HEAD" ? handlers["GET"] : nil)
    }

    /// The captured parameters when `path` matches this pattern, otherwise `nil`.
    func match(_ path: [Substring]) -> [String: String]? {
        guard path.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, text) in zip(segments, path) {
            switch segment {
            case .literal(let literal):
                guard text == literal else { return nil }
            case .parameter(let name):
                guard !text.isEmpty else { return nil }
                parameters[name] = String(text)
            }
        }
        return parameters
    }

    /// Whether this route should be tried before `other`: at the first differing segment kind, the literal wins;
    /// otherwise longer patterns first. Ties keep registration order.
    func isMoreSpecific(than other: Route) -> Bool {
        for (mine, theirs) in zip(segments, other.segments) {
            switch (mine, theirs) {
            case (.literal, .parameter): return true
            case (.parameter, .literal): return false
            default: continue
            }
        }
        return segments.count > other.segments.count
    }
}
