import Foundation

extension RedisConfiguration {
    /// Parses `redis://[[user]:password@]host[:port][/database]`; IPv6 hosts go in brackets.
    /// Throws `RedisError(.invalidConfiguration)` naming the problem (never echoing the password).
    public init(url: String) throws {
        self.init()
        guard let schemeEnd = url.range(of: "://") else { throw Self.invalid("URL must start with redis://") }

        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        if scheme == "rediss" { throw Self.invalid("TLS (rediss://) is not supported") }
        guard scheme == "redis" else { throw Self.invalid("URL scheme must be redis, not \(scheme)") }

        let rest = url[schemeEnd.upperBound...]
        guard !rest.contains("?"), !rest.contains("#") else {
            throw Self.invalid("URL query parameters and fragments are not supported")
        }

        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        try parseAuthority(rest[..<slash])
        try parseDatabase(rest[slash...].dropFirst())
    }

    private mutating func parseAuthority(_ authority: Substring) throws {
        var hostAndPort = authority
        if let at = authority.lastIndex(of: "@") {
            try parseUserInfo(authority[..<at])
            hostAndPort = authority[authority.index(after: at)...]
        }

        var portText: Substring?
        if hostAndPort.hasPrefix("[") {
            guard let close = hostAndPort.firstIndex(of: "]") else { throw Self.invalid("IPv6 host lacks a closing ]") }
            host = String(hostAndPort[hostAndPort.index(after: hostAndPort.startIndex)..<close])
            let afterHost = hostAndPort[hostAndPort.index(after: close)...]
            if !afterHost.isEmpty {
                guard afterHost.hasPrefix(":") else { throw Self.invalid("unexpected text after IPv6 host") }
                portText = afterHost.dropFirst()
            }
        } else if let colon = hostAndPort.lastIndex(of: ":") {
            host = String(hostAndPort[..<colon])
            portText = hostAndPort[hostAndPort.index(after: colon)...]
        } else {
            host = String(hostAndPort)
        }

        guard !host.isEmpty else { throw Self.invalid("URL host is missing") }
        if let portText {
            guard let number = Int(portText), (1...65_535).contains(number) else {
                throw Self.invalid("URL port must be a number between 1 and 65535")
            }
            port = number
        }
    }

    private mutating func parseUserInfo(_ userInfo: Substring) throws {
        guard let colon = userInfo.firstIndex(of: ":") else {
            throw Self.invalid("URL user info must be user:password or :password")
        }
        let user = userInfo[..<colon].removingPercentEncoding ?? ""
        let secret = userInfo[userInfo.index(after: colon)...].removingPercentEncoding

        guard let secret, !secret.isEmpty else { throw Self.invalid("URL password is empty or badly encoded") }
        username = user.isEmpty ? nil : user
        password = secret
    }

    private mutating func parseDatabase(_ path: Substring) throws {
        guard !path.isEmpty else { return }
        guard let number = Int(path), number >= 0 else {
            throw Self.invalid("URL database must be a non-negative integer")
        }
        database = number
    }

    private static func invalid(_ message: String) -> RedisError {
        RedisError(code: .invalidConfiguration, message: message)
    }
}
