import CMicroHTTPD

// libmicrohttpd calls these on the connection's thread. Context travels through `void *` arguments: the
// server's ``ServerContext`` unretained (the daemon never outlives it) and each request's ``ServerExchange``
// retained in the connection slot until `handleCompletion` releases it.

/// The access handler: called once when headers are in, once per body chunk, then once at the end.
func handleAccess(
    _ serverPointer: UnsafeMutableRawPointer?, _ connection: OpaquePointer?, _ url: UnsafePointer<CChar>?,
    _ method: UnsafePointer<CChar>?, _ version: UnsafePointer<CChar>?, _ uploadData: UnsafePointer<CChar>?,
    _ uploadDataSize: UnsafeMutablePointer<Int>?, _ slot: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> MHD_Result {
    guard let serverPointer, let connection, let url, let method, let uploadDataSize, let slot else { return .NO }
    let server = Unmanaged<ServerContext>.fromOpaque(serverPointer).takeUnretainedValue()

    // 1. Headers are complete and the body is unread: create the exchange and refuse what is too large.
    guard let exchangePointer = slot.pointee else {
        let exchange = ServerExchange()
        slot.pointee = Unmanaged.passRetained(exchange).toOpaque()
        return begin(exchange, server: server, connection: connection)
    }
    let exchange = Unmanaged<ServerExchange>.fromOpaque(exchangePointer).takeUnretainedValue()

    // 2. A body chunk: keep it, or count it once over the limit.
    if uploadDataSize.pointee > 0 {
        let chunk = UnsafeRawBufferPointer(start: uploadData, count: uploadDataSize.pointee)
        exchange.append(chunk, limit: server.configuration.maximumBodyBytes)
        uploadDataSize.pointee = 0
        return exchange.discardedBytes > server.discardCeilingBytes ? .NO : .YES
    }

    // 3. The request is complete: answer it.
    guard !exchange.isAnswered else { return .YES }
    exchange.isAnswered = true
    if exchange.isOversized {
        return queue(.problem(.payloadTooLarge(maximumBytes: server.configuration.maximumBodyBytes)), on: connection)
    }

    // 4. Build the request and call the handler.
    // TODO(#2): libmicrohttpd percent-decodes the whole path before we split it, so `%2F` inside a segment
    // becomes a separator; routes cannot take identifiers that contain a slash.
    let request = makeRequest(exchange, connection: connection, method: method, url: url)
    return queue(server.handler(request), on: connection)
}

/// Releases the request's exchange once libmicrohttpd is done with it, however the request ended.
func handleCompletion(
    _ context: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
    _ slot: UnsafeMutablePointer<UnsafeMutableRawPointer?>?, _ termination: MHD_RequestTerminationCode
) {
    guard let slot, let exchangePointer = slot.pointee else { return }
    Unmanaged<ServerExchange>.fromOpaque(exchangePointer).release()
    slot.pointee = nil
}

private func begin(_ exchange: ServerExchange, server: ServerContext, connection: OpaquePointer) -> MHD_Result {
    withUnsafeMutablePointer(to: &exchange.headers) { headers in
        _ = MHD_get_connection_values(connection, .HEADER_KIND, collectHeader, headers)
    }

    let limits = server.configuration
    if exchange.headerBytes > limits.maximumHeaderBytes {
        exchange.isAnswered = true
        return queue(.problem(.headerFieldsTooLarge(maximumBytes: limits.maximumHeaderBytes)), on: connection)
    }

    if let declared = exchange.headers["Content-Length"].flatMap(Int.init), declared > limits.maximumBodyBytes {
        exchange.isAnswered = true
        return queue(.problem(.payloadTooLarge(maximumBytes: limits.maximumBodyBytes)), on: connection)
    }
    exchange.body.reserveCapacity(min(exchange.headers["Content-Length"].flatMap(Int.init) ?? 0, 64 << 10))
    return .YES
}

private func makeRequest(
    _ exchange: ServerExchange, connection: OpaquePointer, method: UnsafePointer<CChar>, url: UnsafePointer<CChar>
) -> HTTPRequest {
    var query: [String: String] = [:]
    withUnsafeMutablePointer(to: &query) { query in
        _ = MHD_get_connection_values(connection, .GET_ARGUMENT_KIND, collectQueryArgument, query)
    }

    return HTTPRequest(
        method: String(cString: method), path: String(cString: url), query: query, headers: exchange.headers,
        body: exchange.body, remoteAddress: clientAddress(of: connection))
}

private func clientAddress(of connection: OpaquePointer) -> String {
    var buffer = [CChar](repeating: 0, count: 64)
    guard meridian_mhd_client_address(connection, &buffer, socklen_t(buffer.count)) == 0 else { return "" }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

private func collectHeader(
    _ headers: UnsafeMutableRawPointer?, _ kind: MHD_ValueKind, _ name: UnsafePointer<CChar>?,
    _ value: UnsafePointer<CChar>?
) -> MHD_Result {
    guard let headers, let name else { return .YES }
    headers.assumingMemoryBound(to: HTTPHeaders.self).pointee.add(
        String(cString: name), value.map { String(cString: $0) } ?? "")
    return .YES
}

private func collectQueryArgument(
    _ query: UnsafeMutableRawPointer?, _ kind: MHD_ValueKind, _ name: UnsafePointer<CChar>?,
    _ value: UnsafePointer<CChar>?
) -> MHD_Result {
    guard let query, let name else { return .YES }
    query.assumingMemoryBound(to: [String: String].self).pointee[String(cString: name)] =
        value.map { String(cString: $0) } ?? ""
    return .YES
}

/// Headers libmicrohttpd writes itself; a handler's copies would be duplicates or contradict the body.
private let headersSetByServer: Set<String> = ["content-length", "transfer-encoding", "date"]

private func queue(_ response: HTTPResponse, on connection: OpaquePointer) -> MHD_Result {
    let created = response.body.withUnsafeBytes { bytes in
        MHD_create_response_from_buffer(
            bytes.count, UnsafeMutableRawPointer(mutating: bytes.baseAddress),
            .RESPMEM_MUST_COPY)
    }
    guard let created else { return .NO }
    defer { MHD_destroy_response(created) }

    for (name, value) in response.headers where !headersSetByServer.contains(name.lowercased()) {
        _ = MHD_add_response_header(created, name, value)
    }
    let status = (100...999).contains(response.status) ? response.status : 500
    return MHD_queue_response(connection, UInt32(status), created)
}
