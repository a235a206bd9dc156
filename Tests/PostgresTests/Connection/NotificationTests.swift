import Postgres
import Testing

@Suite struct NotificationTests {
    @Test func deliversNotificationsOnQuotedChannelNames() throws {
        let listener = try TestDatabase.connect()
        let notifier = try TestDatabase.connect()
        let channel = "Meridian Test \"\(TestDatabase.uniqueName("channel"))\""
        try listener.listen(channel)

        try notifier.query("SELECT pg_notify($1, $2)", [channel, "payload ü"])
        let notifications = try listener.waitForNotifications(timeout: .seconds(5))

        let expected = PostgresNotification(channel: channel, payload: "payload ü", backendPID: notifier.backendPID)
        #expect(notifications == [expected])
    }

    @Test func returnsAlreadyQueuedNotificationsAtOnce() throws {
        let connection = try TestDatabase.connect()
        let channel = TestDatabase.uniqueName("channel")
        try connection.listen(channel)
        try connection.query("SELECT pg_notify($1, 'a'), pg_notify($1, 'b')", [channel])

        let start = ContinuousClock.now
        let notifications = try connection.waitForNotifications(timeout: .seconds(5))
        #expect(notifications.map(\.payload) == ["a", "b"])
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test func returnsEmptyAfterTheTimeout() throws {
        let connection = try TestDatabase.connect()
        try connection.listen(TestDatabase.uniqueName("channel"))

        let start = ContinuousClock.now
        #expect(try connection.waitForNotifications(timeout: .milliseconds(150)).isEmpty)
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(150))
        #expect(elapsed < .seconds(3))
    }

    @Test func throwsWhenTheSessionIsTerminatedWhileWaiting() throws {
        let listener = try TestDatabase.connect()
        let admin = try TestDatabase.connect()
        try listener.listen(TestDatabase.uniqueName("channel"))

        try admin.query("SELECT pg_terminate_backend($1)", [listener.backendPID])
        let error = try #require(throws: PostgresError.self) {
            try listener.waitForNotifications(timeout: .seconds(5))
        }
        #expect(error.isConnectionLost)
    }
}
