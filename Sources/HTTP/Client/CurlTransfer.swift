import CCurl
import Glibc

/// One request on its libcurl easy handle, with the response gathered so far.
///
/// Confined to the client's event-loop thread. libcurl's callbacks reach it through `void *` (unretained: the
/// event loop keeps the transfer alive until the handle is removed).
final class CurlTransfer {
    let easy: UnsafeMutableRawPointer
    let completion: @Sendable (Result<HTTPClientResponse, HTTPError>) -> Void
    private let maximumResponseBytes: Int
    private let allowsPrivateAddresses: Bool
    var headerList: UnsafeMutablePointer<curl_slist>?

    private(set) var headers = HTTPHeaders()
    private(set) var body: [UInt8] = []
    private(set) var isTruncated = false
    private(set) var refusedAddress: String?

    /// Creates the easy handle and applies every option. Returns the error to report when the request is unusable.
    static func make(
        _ pending: PendingRequest, configuration: HTTPClientConfiguration
    ) -> Result<CurlTransfer, HTTPError> {
        guard let easy = curl_easy_init() else {
            return .failure(HTTPError(.transport, "Could not create a transfer."))
        }
        let transfer = CurlTransfer(easy: easy, pending: pending, configuration: configuration)
        if let error = transfer.configure(pending.request, userAgent: configuration.userAgent) {
            return .failure(error)
        }
        return .success(transfer)
    }

    private init(easy: UnsafeMutableRawPointer, pending: PendingRequest, configuration: HTTPClientConfiguration) {
        self.easy = easy
        self.completion = pending.completion
        self.maximumResponseBytes = max(0, pending.request.maximumResponseBytes)
        self.allowsPrivateAddresses = configuration.allowPrivateAddresses
    }

    deinit {
        curl_slist_free_all(headerList)
        curl_easy_cleanup(easy)
    }

    // MARK: Callbacks

    /// Keeps body bytes up to the cap; returning short makes libcurl stop with a write error.
    func receive(_ bytes: UnsafeRawBufferPointer) -> Int {
        let room = maximumResponseBytes - body.count
        guard bytes.count <= room else {
            body.append(contentsOf: bytes.prefix(room))
            isTruncated = true
            return 0
        }
        body.append(contentsOf: bytes)
        return bytes.count
    }

    /// Records one header line; a status line starts a new header set, so only the final response's remain.
    func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self).trimmingTrailingLineBreak()
        if line.hasPrefix("HTTP/") {
            headers = HTTPHeaders()
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = String(line[..<colon])
        let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
        headers.add(name, String(value))
    }

    /// Whether curl may connect to this address; remembers a refusal so the failure can be reported as such.
    func admits(family: Int32, address: UnsafeRawPointer) -> Bool {
        guard !allowsPrivateAddresses else { return true }
        let (isRestricted, text) = Self.inspect(family: family, address: address)
        if isRestricted { refusedAddress = text }
        return !isRestricted
    }

    private static func inspect(family: Int32, address: UnsafeRawPointer) -> (Bool, String) {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        switch family {
        case AF_INET:
            let v4 = address.assumingMemoryBound(to: sockaddr_in.self)
            var bytes = v4.pointee.sin_addr
            inet_ntop(AF_INET, &bytes, &text, socklen_t(text.count))
            return (withUnsafeBytes(of: &bytes) { AddressPolicy.isRestricted(ipv4: Array($0)) }, text.asString)
        case AF_INET6:
            let v6 = address.assumingMemoryBound(to: sockaddr_in6.self)
            var bytes = v6.pointee.sin6_addr
            inet_ntop(AF_INET6, &bytes, &text, socklen_t(text.count))
            return (withUnsafeBytes(of: &bytes) { AddressPolicy.isRestricted(ipv6: Array($0)) }, text.asString)
        default:
            return (true, "an address of family \(family)")
        }
    }
}

extension String {
    fileprivate func trimmingTrailingLineBreak() -> Substring {
        var line = Substring(self)
        while let last = line.last, last == "\r\n" || last == "\n" || last == "\r" { line = line.dropLast() }
        return line
    }
}

extension [CChar] {
    /// The text before the first NUL.
    var asString: String {
        String(decoding: prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
