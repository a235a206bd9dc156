/// A `NOTIFY` received on a channel this connection listens to.
public struct PostgresNotification: Sendable, Equatable {
    /// The channel name as given to `NOTIFY`.
    public var channel: String

    /// The payload, empty when none was sent.
    public var payload: String

    /// Server process id of the notifying session.
    public var backendPID: Int32

    /// Creates a notification.
    public init(channel: String, payload: String, backendPID: Int32) {
        self.channel = channel
        self.payload = payload
        self.backendPID = backendPID
    }
}
