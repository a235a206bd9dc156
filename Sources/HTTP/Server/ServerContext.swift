/// What the libmicrohttpd callbacks need from the server; immutable, shared by all connection threads.
final class ServerContext: Sendable {
    let configuration: HTTPServerConfiguration
    let handler: @Sendable (HTTPRequest) -> HTTPResponse

    /// libmicrohttpd's per-connection pool holds the read buffer and the headers: room for the header limit
    /// plus slack, so that headers a little over the limit reach our own 431 check.
    let connectionMemoryLimit: Int

    init(configuration: HTTPServerConfiguration, handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) {
        self.configuration = configuration
        self.handler = handler
        self.connectionMemoryLimit = max(32 << 10, configuration.maximumHeaderBytes + (16 << 10))
    }

    /// A body this far past the limit, sent without a declared length, ends the connection instead of being
    /// discarded until its end.
    // TODO(#2): a chunked body over the limit is drained (up to this ceiling) before the 413 can be sent, because
    // libmicrohttpd only accepts a response once the upload is complete.
    var discardCeilingBytes: Int { max(configuration.maximumBodyBytes, 1 << 20) * 4 }
}
