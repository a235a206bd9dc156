import Foundation
import HTTP

/// Guards `/v1` routes: a request passes only with `Authorization: Bearer <valid token>`.
struct Authenticator: Sendable {
    let tokens: TokenAuthority

    /// Wraps `handler` so it runs only for an authenticated request, and receives the token's tenant.
    func require(_ handler: @escaping @Sendable (HTTPRequest, String) throws -> HTTPResponse) -> HTTPHandler {
        { [tokens] request in
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
            return try handler(request, tenant)
        }
    }

    static func unauthorized(_ detail: String) -> Problem {
        Problem(status: 401, code: "unauthorized", title: "Unauthorized", detail: detail)
    }
}
