import Foundation
import HTTP
import Telemetry

/// Guards `/v1` routes: a request passes only with `Authorization: Bearer <valid token>`.
struct Authenticator: Sendable {
    let tokens: TokenAuthority

    /// Receives the errors that become 500 answers; their text never reaches the caller.
    let logger: Logger

    /// Wraps `handler` so it runs only for an authenticated request, and receives the token's tenant.
    func require(_ handler: @escaping @Sendable (HTTPRequest, String) throws -> HTTPResponse) -> HTTPHandler {
        { [tokens, logger] request in
            guard let header = request.headers["authorization"] else {
                throw Self.unauthorized("the Authorization header with a Bearer token is missing")
            }
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw Self.unauthorized("the Authorization header must be \"Bearer <token>\"")
            }

            let tenant: String
            do throws(AuthenticationError) {
                tenant = try tokens.verify(String(parts[1]), now: Int64(Date().timeIntervalSince1970))
            } catch {
                throw Self.unauthorized(error.message)
            }
            do {
                return try handler(request, tenant)
            } catch let problem as Problem {
                throw problem
            } catch {
                logger.error(
                    "Request failed",
                    ["http.method": request.method, "http.path": request.path, "error": String(describing: error)])
                throw error
            }
        }
    }

    static func unauthorized(_ detail: String) -> Problem {
        Problem(status: 401, code: "unauthorized", title: "Unauthorized", detail: detail)
    }
}
