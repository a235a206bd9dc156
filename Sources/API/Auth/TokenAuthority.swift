import Foundation
import Scheduler

/// Mints and verifies the API's bearer tokens: JWTs signed with HS256 under the deployment's secret.
///
/// A token must carry `exp`; `nbf`, when present, is honoured. The tenant is the `tenant` claim, else `sub`.
public struct TokenAuthority: Sendable {
    private let key: [UInt8]

    /// Seconds of clock skew accepted on `exp` and `nbf`. Default 30.
    public var leewaySeconds: Int64 = 30

    /// Creates an authority for `secret` (its UTF-8 bytes are the HMAC key).
    public init(secret: String) {
        key = Array(secret.utf8)
    }

    /// A signed token for `tenant` that expires `lifetimeSeconds` after `now` (seconds since 1970).
    public func mint(tenant: String, now: Int64, lifetimeSeconds: Int64) -> String {
        let header = Base64URL.encode(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let claims: [String: Any] = ["tenant": tenant, "sub": tenant, "iat": now, "exp": now + lifetimeSeconds]
        let payloadData = (try? JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys])) ?? Data()
        let signingInput = header + "." + Base64URL.encode([UInt8](payloadData))
        return signingInput + "." + Base64URL.encode(HMACSHA256.authenticate(Array(signingInput.utf8), key: key))
    }

    /// Verifies `token` and returns its tenant.
    ///
    /// - Parameter now: seconds since 1970, injected for tests.
    /// - Throws: ``AuthenticationError`` with a reason fit to show the caller.
    public func verify(_ token: String, now: Int64) throws(AuthenticationError) -> String {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(parts[0]),
            let payloadBytes = Base64URL.decode(parts[1]),
            let signature = Base64URL.decode(parts[2])
        else { throw AuthenticationError("the bearer token is not a JWT") }

        let header = try object(headerBytes)
        guard header["alg"] as? String == "HS256" else {
            throw AuthenticationError("the token must be signed with HS256")
        }

        let signingInput = Array("\(parts[0]).\(parts[1])".utf8)
        guard HMACSHA256.constantTimeEquals(HMACSHA256.authenticate(signingInput, key: key), signature) else {
            throw AuthenticationError("the token signature is invalid")
        }
        return try tenant(of: try object(payloadBytes), now: now)
    }

    private func tenant(of claims: [String: Any], now: Int64) throws(AuthenticationError) -> String {
        guard let expiry = (claims["exp"] as? NSNumber)?.int64Value else {
            throw AuthenticationError("the token has no exp claim")
        }
        guard now <= expiry + leewaySeconds else { throw AuthenticationError("the token has expired") }

        if let notBefore = (claims["nbf"] as? NSNumber)?.int64Value, now + leewaySeconds < notBefore {
            throw AuthenticationError("the token is not valid yet")
        }
        let tenant = (claims["tenant"] as? String) ?? (claims["sub"] as? String)
        guard let tenant, TenantName.isValid(tenant) else {
            throw AuthenticationError("the token names no valid tenant (tenant or sub claim)")
        }
        return tenant
    }

    private func object(_ bytes: [UInt8]) throws(AuthenticationError) -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw AuthenticationError("the token is not a JWT")
        }
        return object
    }
}

/// Why a request could not be authenticated; the message is safe to return to the caller.
public struct AuthenticationError: Error, Sendable, CustomStringConvertible {
    /// Reason shown in the problem detail.
    public var message: String

    init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// Rules for tenant names: 1–64 characters of letters, digits, `-`, `_` and `.`.
public enum TenantName {
    /// Whether `name` is an acceptable tenant name.
    public static func isValid(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count)
            && name.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2D || byte == 0x5F || byte == 0x2E
            }
    }
}
