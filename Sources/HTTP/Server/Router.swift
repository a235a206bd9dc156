/// A request handler that may throw: a thrown ``Problem`` becomes its response, any other error a 500.
public typealias HTTPHandler = @Sendable (HTTPRequest) throws -> HTTPResponse

/// Maps method and path patterns to handlers.
///
/// Patterns are slash-separated segments; `{name}` matches exactly one non-empty segment and captures it into
/// ``HTTPRequest/pathParameters``. Where several patterns match a path, the one with a literal segment at the
/// first position where they differ wins. `HEAD` falls back to the `GET` handler. A value type: build it once,
/// then share it freely.
public struct Router: Sendable {
    private var routes: [Route] = []

    /// Creates an empty router.
    public init() {}

    /// Registers `handler` for `method` on `pattern` (`/v1/jobs/{id}/runs`); a second registration of the same
    /// method and pattern replaces the first.
    public mutating func add(_ method: String, _ pattern: String, _ handler: @escaping HTTPHandler) {
        let method = method.uppercased()
        if let index = routes.firstIndex(where: { $0.pattern == pattern }) {
            routes[index].handlers[method] = handler
            return
        }

        var route = Route(pattern: pattern)
        route.handlers[method] = handler
        let index = routes.firstIndex { route.isMoreSpecific(than: $0) } ?? routes.endIndex
        routes.insert(route, at: index)
    }

    /// Answers `request`: the matched handler's response, a 404 problem for an unknown path, a 405 problem with
    /// `Allow` for a known path and another method, the thrown ``Problem``'s response, or a 500 `internal`
    /// problem (without the error's text) for any other thrown error.
    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        switch resolve(request) {
        case .notFound:
            return .problem(.notFound(detail: "No resource at this path."))
        case .methodNotAllowed(let allowed):
            var response = HTTPResponse.problem(
                .methodNotAllowed(detail: "\(request.method) is not allowed here; allowed: \(allowed).")
            )
            response.headers["Allow"] = allowed
            return response
        case .found(_, let handler, let parameters):
            return Self.invoke(handler, request, parameters: parameters, isHead: request.method == "HEAD")
        }
    }

    /// The pattern matching the request's path (even when its method is not allowed), for metric labels;
    /// `nil` when no pattern matches.
    public func routePattern(for request: HTTPRequest) -> String? {
        switch resolve(request) {
        case .notFound: nil
        case .methodNotAllowed: firstMatch(pathSegments(request.path))?.route.pattern
        case .found(let route, _, _): route.pattern
        }
    }

    private enum Resolution {
        case notFound
        case methodNotAllowed(allowed: String)
        case found(Route, HTTPHandler, [String: String])
    }

    private func resolve(_ request: HTTPRequest) -> Resolution {
        let pathSegments = pathSegments(request.path)
        var allowed: Set<String> = []
        for route in routes {
            guard let parameters = route.match(pathSegments) else { continue }
            if let handler = route.handler(for: request.method) {
                return .found(route, handler, parameters)
            }
            allowed.formUnion(route.allowedMethods)
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed.sorted().joined(separator: ", "))
    }

    private func firstMatch(_ pathSegments: [Substring]) -> (route: Route, parameters: [String: String])? {
        for route in routes {
            if let parameters = route.match(pathSegments) { return (route, parameters) }
        }
        return nil
    }

    private static func invoke(
        _ handler: HTTPHandler, _ request: HTTPRequest, parameters: [String: String], isHead: Bool
    ) -> HTTPResponse {
        var request = request
        request.pathParameters = parameters
        do {
            var response = try handler(request)
            if isHead { response.body = [] }
            return response
        } catch let problem as Problem {
            return .problem(problem)
        } catch {
            return .problem(.internalError())
        }
    }
}

/// Splits a path into its segments after the leading slash; `/` is one empty segment.
func pathSegments(_ path: String) -> [Substring] {
    let trimmed = path.hasPrefix("/") ? path.dropFirst() : Substring(path)
    return trimmed.split(separator: "/", omittingEmptySubsequences: false)
}
