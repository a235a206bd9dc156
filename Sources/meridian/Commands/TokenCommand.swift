import API
import Foundation

/// `meridian token --tenant T [--secret S | --config FILE] [--ttl-seconds N]`: prints a bearer token.
///
/// Without `--secret` or `--config` the secret is `MERIDIAN_JWT_SECRET`, else the local deployment's.
enum TokenCommand {
    static func run(_ arguments: [String]) throws -> Int32 {
        let options = try Arguments(arguments)
        try options.rejectUnknown(["tenant", "secret", "config", "ttl-seconds"])

        let tenant = try options.required("tenant")
        guard TenantName.isValid(tenant) else {
            throw UsageError("--tenant must be 1-64 letters, digits, '-', '_' or '.'")
        }
        let secret: String
        if let path = options.value("config") {
            secret = try NodeConfiguration.load(path: path).jwtSecret
        } else if let given = options.value("secret") ?? LocalDefaults.jwtSecret() {
            secret = given
        } else {
            throw UsageError(
                "no token secret: pass --secret S or --config NODE.json, set MERIDIAN_JWT_SECRET, "
                    + "or start `meridian dev up`"
            )
        }
        let lifetime = try options.integer("ttl-seconds", in: 1...31_536_000, default: 86_400)

        let now = Int64(Date().timeIntervalSince1970)
        print(TokenAuthority(secret: secret).mint(tenant: tenant, now: now, lifetimeSeconds: Int64(lifetime)))
        return 0
    }
}
