import Foundation
import Testing

@testable import API

@Suite struct TokenAuthorityTests {
    let authority = TokenAuthority(secret: "unit-test-secret-0123456789")

    @Test func mintedTokenVerifiesToItsTenant() throws {
        let token = authority.mint(tenant: "acme", now: 1_000, lifetimeSeconds: 60)
        #expect(try authority.verify(token, now: 1_030) == "acme")
    }

    @Test(arguments: [("expired", Int64(1_100)), ("long expired", Int64(100_000))])
    func expiredTokensAreRejected(label: String, now: Int64) {
        let token = authority.mint(tenant: "acme", now: 1_000, lifetimeSeconds: 60)
        #expect(throws: AuthenticationError.self) { try authority.verify(token, now: now) }
    }

    @Test func tamperedPayloadIsRejected() throws {
        let token = authority.mint(tenant: "acme", now: 1_000, lifetimeSeconds: 60)
        let parts = token.split(separator: ".").map(String.init)
        let forged = Base64URL.encode(Array(#"{"tenant":"other","exp":99999999999}"#.utf8))
        #expect(throws: AuthenticationError.self) {
            try authority.verify([parts[0], forged, parts[2]].joined(separator: "."), now: 1_000)
        }
    }

    @Test func tokensWithoutExpiryOrWithOtherAlgorithmsAreRejected() {
        let header = Base64URL.encode(Array(#"{"alg":"none"}"#.utf8))
        let payload = Base64URL.encode(Array(#"{"tenant":"acme","exp":99999999999}"#.utf8))
        #expect(throws: AuthenticationError.self) { try authority.verify("\(header).\(payload).", now: 1_000) }

        let signed = Base64URL.encode(Array(#"{"alg":"HS256"}"#.utf8))
        let noExpiry = Base64URL.encode(Array(#"{"tenant":"acme"}"#.utf8))
        #expect(throws: AuthenticationError.self) { try authority.verify("\(signed).\(noExpiry).sig", now: 1_000) }
    }

    @Test(arguments: ["acme", "a.b-c_d", String(repeating: "x", count: 64)])
    func validTenantNames(name: String) { #expect(TenantName.isValid(name)) }

    @Test(arguments: ["", "a b", "ü", String(repeating: "x", count: 65), "a/b"])
    func invalidTenantNames(name: String) { #expect(!TenantName.isValid(name)) }
}

@Suite struct DurationTextTests {
    @Test(arguments: [
        ("90s", Int64(90_000)), ("15m", 900_000), ("1h30m", 5_400_000), ("2d", 172_800_000), ("500ms", 500),
    ])
    func parsesDurations(text: String, milliseconds: Int64) throws {
        #expect(try DurationText.milliseconds(text, field: "f", range: 1...Int64.max) == milliseconds)
    }

    @Test(arguments: ["", "h", "10", "5x", "-5s", "1.5h"])
    func rejectsMalformedDurationsNamingTheField(text: String) {
        #expect(throws: (any Error).self) {
            try DurationText.milliseconds(text, field: "catchUpWindow", range: 1...100)
        }
    }

    @Test func formatsBackToTheShortestForm() {
        #expect(DurationText.format(5_400_000) == "1h30m")
        #expect(DurationText.format(3_600_000) == "1h")
        #expect(DurationText.format(1_500) == "1s500ms")
    }
}

@Suite struct JSONMergePatchTests {
    @Test func nullRemovesObjectsMergeAndScalarsReplace() {
        let document = JSONValue.object([
            "a": .integer(1), "b": .object(["c": .string("x"), "d": .bool(true)]), "e": .string("keep"),
        ])
        let patch = JSONValue.object(["a": .null, "b": .object(["c": .string("y")]), "f": .array([.integer(2)])])

        #expect(
            document.merging(patch: patch)
                == .object([
                    "b": .object(["c": .string("y"), "d": .bool(true)]), "e": .string("keep"),
                    "f": .array([.integer(2)]),
                ]))
    }
}
