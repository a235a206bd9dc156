import Deployment
import Foundation

/// `meridian dev up`: starts Postgres, one Redis per region, every node of `regions/`, the demo receiver,
/// and creates the demo jobs. Every started component is recorded in the state file as soon as it runs.
struct DevUp {
    /// The demo tenant.
    static let tenant = "demo"

    /// The deployment's database.
    static let databaseName = "meridian"

    /// Where the demo receiver listens.
    static let receiverHost = "127.0.0.1"
    static let receiverPort = 59_900

    /// Lifetime of the printed token: 30 days, so a demo left running keeps working.
    static let tokenLifetimeSeconds = 30 * 24 * 3_600

    /// Time allowed for one node or the receiver to become ready.
    static let readinessTimeout: Duration = .seconds(60)

    let paths: DevPaths
    let regions: RegionDirectory
    let http = DevHTTPClient()

    /// What has been started so far; on failure the caller stops exactly this.
    var state = DevState()

    /// Runs every step in order; throws the first failure, leaving `state` describing what runs.
    mutating func run() throws(DeploymentError) {
        state.startedAt = Date()
        state.tenant = Self.tenant
        try makeFolders()

        try startPostgres()
        try startRedis()
        try runMigrations()

        let jwtSecret = try loadOrCreateJWTSecret()
        try startNodes(jwtSecret: jwtSecret)
        try issueCredentials(jwtSecret: jwtSecret)

        try startReceiver()
        try createDemoJobs()
    }

    /// Saves the state file.
    func record() throws(DeploymentError) {
        try state.save(to: paths.stateDirectory)
    }

    private func makeFolders() throws(DeploymentError) {
        for folder in [paths.stateDirectory, paths.logsDirectory, paths.configDirectory] {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw DeploymentError(.fileSystem, "Could not create \(folder.path)")
            }
        }
    }

    private mutating func startPostgres() throws(DeploymentError) {
        let primary = regions.primaryRegion.database
        let configuration = LocalPostgres.Configuration(
            host: primary.host, port: primary.port, dataDirectory: paths.postgresDirectory,
            logFile: paths.logFile("postgres"), settings: ["max_connections": "200"])

        // TODO(#2): replica regions get streaming replicas and pgbouncer; for now every node uses the primary.
        try state.startPostgres(
            LocalPostgres(configuration), database: Self.databaseName, savingTo: paths.stateDirectory)
    }

    private mutating func startRedis() throws(DeploymentError) {
        for region in regions.regions {
            let configuration = LocalRedis.Configuration(
                host: region.redis.host, port: region.redis.port, directory: paths.redisDirectory(region: region.name))
            try state.startRedis(LocalRedis(configuration), region: region.name, savingTo: paths.stateDirectory)
        }
    }

    private func runMigrations() throws(DeploymentError) {
        guard let url = state.postgres?.url else { return }
        try CommandRunner.runChecked(
            paths.executable, ["migrate", "--postgres", url], description: "meridian migrate",
            timeout: .seconds(120))
    }

    /// The HS256 secret of the deployment's tokens, kept in the state folder so tokens survive restarts.
    private func loadOrCreateJWTSecret() throws(DeploymentError) -> String {
        let file = paths.stateDirectory.appendingPathComponent("jwt-secret")
        if let stored = try? String(contentsOf: file, encoding: .utf8), stored.count >= 32 {
            return stored.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }
            .joined()
        try DevFiles.writePrivate(Data(secret.utf8), to: file)
        return secret
    }
}
