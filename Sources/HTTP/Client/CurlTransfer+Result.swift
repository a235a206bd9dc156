import CCurl

extension CurlTransfer {
    /// The outcome of the finished transfer, given libcurl's result code.
    func result(_ code: CURLcode) -> Result<HTTPClientResponse, HTTPError> {
        if code == CURLE_OK || (code == CURLE_WRITE_ERROR && isTruncated) {
            return .success(response())
        }
        if let refusedAddress {
            return .failure(HTTPError(.addressRefused, "Connecting to \(refusedAddress) is not allowed."))
        }
        return .failure(Self.error(for: code))
    }

    private func response() -> HTTPClientResponse {
        let address = meridian_curl_primary_ip(easy).map { String(cString: $0) } ?? ""
        return HTTPClientResponse(
            status: meridian_curl_response_code(easy), headers: headers, body: body, isTruncated: isTruncated,
            duration: .microseconds(meridian_curl_total_time_microseconds(easy)), remoteAddress: address)
    }

    /// Maps a libcurl failure to the module's codes; the message is libcurl's fixed text for the code.
    static func error(for code: CURLcode) -> HTTPError {
        let text = String(cString: curl_easy_strerror(code))
        switch code {
        case CURLE_OPERATION_TIMEDOUT: return HTTPError(.timeout, "The request timed out (\(text)).")
        case CURLE_COULDNT_CONNECT: return HTTPError(.connectionFailed, "Could not connect (\(text)).")
        case CURLE_COULDNT_RESOLVE_HOST: return HTTPError(.resolutionFailed, "Could not resolve the host (\(text)).")
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL: return HTTPError(.invalidURL, "Invalid URL (\(text)).")
        case CURLE_FILESIZE_EXCEEDED: return HTTPError(.responseTooLarge, "The response is too large (\(text)).")
        default: return HTTPError(.transport, "Transfer failed (\(text)).")
        }
    }
}
