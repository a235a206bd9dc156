import Postgres
import Scheduler

/// `meridian migrate --postgres URL`: applies pending migrations and prints what it applied.
enum MigrateCommand {
    static func run(_ arguments: [String]) throws -> Int32 {
        let options = try Arguments(arguments)
        try options.rejectUnknown(["postgres"])
        let connection = try PostgresConnection(
            configuration: PostgresConfiguration(
                connectionString: try options.required("postgres")))
        defer { connection.close() }

        let applied = try Migrator(migrations: SchedulerSchema.migrations).migrate(on: connection)
        print(
            applied.isEmpty
                ? "schema is up to date" : "applied migrations \(applied.map(String.init).joined(separator: ", "))")
        return 0
    }
}
