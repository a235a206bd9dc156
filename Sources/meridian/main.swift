import Foundation

/// Entry point: `meridian <command> [options]`.
let commands: [String: (summary: String, run: ([String]) throws -> Int32)] = [
    "node": ("run a scheduler node: meridian node --config FILE", NodeCommand.run),
    "migrate": ("apply database migrations: meridian migrate --postgres URL", MigrateCommand.run),
    "token": (
        "mint an API token: meridian token --tenant T [--secret S | --config FILE] [--ttl-seconds N]", TokenCommand.run
    ),
    "tenant-secret": (
        "print a tenant's callback signing secret: meridian tenant-secret --tenant T [--postgres URL]",
        TenantSecretCommand.run
    ),
    "receiver": ("run the demo callback receiver: meridian receiver --port P --secret whsec_…", ReceiverCommand.run),
    "dev": ("local deployment: meridian dev up|status|down", { DevCommand.run(arguments: $0) }),
]

@MainActor func usage() -> String {
    "usage: meridian <command> [options]\n\ncommands:\n"
        + commands.keys.sorted().map {
            "  \($0.padding(toLength: 14, withPad: " ", startingAt: 0)) \(commands[$0]!.summary)"
        }
        .joined(separator: "\n") + "\n"
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, name != "--help", name != "help" else {
    FileHandle.standardError.write(Data(usage().utf8))
    exit(arguments.isEmpty ? 2 : 0)
}
guard let command = commands[name] else {
    FileHandle.standardError.write(Data("meridian: unknown command \"\(name)\"\n\n\(usage())".utf8))
    exit(2)
}

do {
    exit(try command.run(Array(arguments.dropFirst())))
} catch is HelpRequested {
    print("usage: meridian \(name) — \(command.summary)")
    exit(0)
} catch let error as UsageError {
    FileHandle.standardError.write(Data("meridian \(name): \(error.message)\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("meridian \(name): \(error)\n".utf8))
    exit(1)
}
