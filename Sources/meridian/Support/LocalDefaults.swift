import Deployment
import Foundation

/// Where the CLI finds a setting the user did not pass: an environment variable, else the local deployment
/// started by `meridian dev up` from this checkout.
enum LocalDefaults {
    /// The HS256 secret of API tokens: `MERIDIAN_JWT_SECRET`, else the local deployment's.
    static func jwtSecret() -> String? {
        if let secret = ProcessInfo.processInfo.environment["MERIDIAN_JWT_SECRET"], !secret.isEmpty { return secret }
        guard let paths = try? DevPaths.locate() else { return nil }
        let file = paths.stateDirectory.appendingPathComponent("jwt-secret")
        return (try? String(contentsOf: file, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The primary's connection string: `MERIDIAN_POSTGRES_URL`, else the local deployment's.
    static func postgresURL() -> String? {
        if let url = ProcessInfo.processInfo.environment["MERIDIAN_POSTGRES_URL"], !url.isEmpty { return url }
        guard let paths = try? DevPaths.locate(), let state = try? DevState.load(from: paths.stateDirectory) else {
            return nil
        }
        return state.postgres?.url
    }
}
