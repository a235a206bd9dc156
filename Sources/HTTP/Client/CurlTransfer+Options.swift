import CCurl
import Glibc

extension CurlTransfer {
    /// Applies the request to the easy handle; returns the error when the request cannot be sent as given.
    func configure(_ request: HTTPClientRequest, userAgent: String) -> HTTPError? {
        // 1. Refuse what libcurl should never see.
        let scheme = request.url.prefix { $0 != ":" }.lowercased()
        guard scheme == "http" || scheme == "https" else {
            return HTTPError(.invalidURL, "Only http and https URLs are supported.")
        }
        if let name = request.headers.first(where: { !Self.isSafe($0.name) || !Self.isSafe($0.value) })?.name {
            return HTTPError(.transport, "Request header \(Self.printable(name)) contains a line break or NUL.")
        }

        // 2. Fixed policy: protocols, no redirects, no proxy from the environment, no signals.
        setString(CURLOPT_URL, request.url)
        setString(CURLOPT_PROTOCOLS_STR, "http,https")
        setString(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        setLong(CURLOPT_FOLLOWLOCATION, 0)
        setString(CURLOPT_PROXY, "")
        setLong(CURLOPT_NOSIGNAL, 1)

        // 3. Timeouts, the address check and the callbacks.
        setLong(CURLOPT_CONNECTTIMEOUT_MS, max(1, request.connectTimeout.wholeMillisecondsRoundedUp))
        setLong(CURLOPT_TIMEOUT_MS, max(1, request.totalTimeout.wholeMillisecondsRoundedUp))
        installCallbacks()

        // 4. Method, body and headers.
        applyMethod(request)
        applyHeaders(request.headers, userAgent: userAgent)
        return nil
    }

    private func installCallbacks() {
        let context = Unmanaged.passUnretained(self).toOpaque()
        meridian_curl_set_write_function(easy, receiveBodyChunk)
        meridian_curl_set_pointer(easy, CURLOPT_WRITEDATA, context)
        meridian_curl_set_header_function(easy, receiveHeader)

        meridian_curl_set_pointer(easy, CURLOPT_HEADERDATA, context)
        meridian_curl_set_open_socket_function(easy, openCheckedSocket)
        meridian_curl_set_pointer(easy, CURLOPT_OPENSOCKETDATA, context)
    }

    private func applyMethod(_ request: HTTPClientRequest) {
        let method = request.method.uppercased()
        switch method {
        case "GET" where request.body.isEmpty:
            setLong(CURLOPT_HTTPGET, 1)
        case "HEAD":
            setLong(CURLOPT_NOBODY, 1)
        default:
            setLong(CURLOPT_POST, 1)
            meridian_curl_set_offset(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
            request.body.withUnsafeBytes { bytes in
                let source = bytes.baseAddress ?? UnsafeRawPointer(("" as StaticString).utf8Start)
                meridian_curl_set_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: source))
            }
            if method != "POST" { setString(CURLOPT_CUSTOMREQUEST, method) }
        }
    }

    private func applyHeaders(_ headers: HTTPHeaders, userAgent: String) {
        var lines = headers.map { $0.value.isEmpty ? "\($0.name);" : "\($0.name): \($0.value)" }
        if !headers.contains("User-Agent") { lines.append("User-Agent: \(userAgent)") }
        if !headers.contains("Content-Type") { lines.append("Content-Type:") }
        if !headers.contains("Expect") { lines.append("Expect:") }

        for line in lines {
            headerList = curl_slist_append(headerList, line)
        }
        meridian_curl_set_pointer(easy, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headerList))
    }

    private func setLong(_ option: CURLoption, _ value: Int) {
        meridian_curl_set_long(easy, option, value)
    }

    private func setString(_ option: CURLoption, _ value: String) {
        meridian_curl_set_string(easy, option, value)
    }

    private static func isSafe(_ text: String) -> Bool {
        !text.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
    }

    private static func printable(_ name: String) -> String {
        String(name.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7F }.prefix(64))
    }
}

// libcurl callbacks; `context` is the transfer, unretained.

private func receiveBodyChunk(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.receive(UnsafeRawBufferPointer(start: data, count: size * count))
}

private func receiveHeader(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
    return size * count
}

private func openCheckedSocket(
    _ context: UnsafeMutableRawPointer?, _ purpose: curlsocktype, _ address: UnsafeMutablePointer<curl_sockaddr>?
) -> curl_socket_t {
    guard let context, let address else { return CURL_SOCKET_BAD }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let family = meridian_curl_sockaddr_family(address)

    guard let bytes = meridian_curl_sockaddr_bytes(address), transfer.admits(family: family, address: bytes) else {
        return CURL_SOCKET_BAD
    }
    return socket(family, address.pointee.socktype, address.pointee.protocol)
}
