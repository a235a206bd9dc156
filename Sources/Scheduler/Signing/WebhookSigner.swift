import Foundation

/// Signs and verifies callbacks the way the Standard Webhooks specification describes.
///
/// The signed content is `"<webhook-id>.<webhook-timestamp>.<body>"`; the signature header holds
/// `v1,<base64 HMAC-SHA256>` entries separated by spaces. Secrets are written `whsec_<base64 of 32 bytes>`.
public struct WebhookSigner: Sendable {
    /// Prefix of a secret's text form.
    public static let secretPrefix = "whsec_"

    private let key: [UInt8]

    /// Creates a signer from a `whsec_…` secret; throws when the text is not a valid secret.
    public init(secret: String) throws(WebhookSignatureError) {
        let encoded = secret.hasPrefix(Self.secretPrefix) ? String(secret.dropFirst(Self.secretPrefix.count)) : secret
        guard let data = Data(base64Encoded: encoded), data.count >= 16 else {
            throw WebhookSignatureError(message: "the signing secret is not whsec_ followed by base64 of 16+ bytes")
        }
        key = [UInt8](data)
    }

    /// A fresh random secret in text form.
    public static func makeSecret() -> String {
        secretPrefix + Data(HMACSHA256.randomBytes(32)).base64EncodedString()
    }

    /// The `webhook-signature` header value for one message.
    public func signature(id: String, timestamp: Int64, body: [UInt8]) -> String {
        let content = Array("\(id).\(timestamp).".utf8) + body
        return "v1," + Data(HMACSHA256.authenticate(content, key: key)).base64EncodedString()
    }

    /// Checks a `webhook-signature` header against the message and the timestamp tolerance.
    ///
    /// - Parameters:
    ///   - now: seconds since 1970, injected so callers and tests control the clock.
    ///   - tolerance: how far the timestamp may be from `now`, in seconds (default 300).
    public func verify(
        id: String, timestamp: Int64, body: [UInt8], signatureHeader: String, now: Int64, tolerance: Int64 = 300
    ) throws(WebhookSignatureError) {
        guard abs(now - timestamp) <= tolerance else {
            throw WebhookSignatureError(message: "the webhook-timestamp is outside the tolerance")
        }
        let expected = Array(signature(id: id, timestamp: timestamp, body: body).utf8)
        let candidates = signatureHeader.split(separator: " ").map { Array($0.utf8) }

        guard candidates.contains(where: { HMACSHA256.constantTimeEquals($0, expected) }) else {
            throw WebhookSignatureError(message: "no v1 signature matches")
        }
    }
}

/// A secret that cannot be read or a signature that does not verify.
public struct WebhookSignatureError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, without the secret or the payload.
    public var message: String

    public var description: String { "webhook signature: \(message)" }
}
