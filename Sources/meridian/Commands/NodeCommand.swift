import Telemetry

/// `meridian node --config FILE`: runs one scheduler node until SIGTERM.
enum NodeCommand {
    static func run(_ arguments: [String]) throws -> Int32 {
        let options = try Arguments(arguments)
        try options.rejectUnknown(["config"])
        let configuration = try NodeConfiguration.load(path: try options.required("config"))

        let sink = try configuration.logFile.map(LogSink.file) ?? .standardError
        let logger = Logger(
            label: "node", minimumLevel: Logger.Level(name: configuration.logLevel) ?? .info, sink: sink
        ).with(["node.id": configuration.nodeID, "region": configuration.region])

        try Node(configuration: configuration, logger: logger).run()
        return 0
    }
}
