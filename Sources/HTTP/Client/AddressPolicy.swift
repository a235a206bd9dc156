import Glibc

/// Which IP addresses an ``HTTPClient`` refuses to connect to unless private addresses are allowed.
///
/// Refused: IPv4 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.168/16, 224/4 (multicast) and 240/4
/// (reserved, broadcast); IPv6 `::`, `::1`, fc00::/7, fe80::/10, ff00::/8, and IPv4-mapped addresses by their
/// IPv4 rule. Pure and thread-safe.
public enum AddressPolicy {
    /// Whether the numeric address `text` is refused; text that is not a numeric address is refused too.
    public static func isRestricted(_ text: String) -> Bool {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { isRestricted(ipv4: Array($0)) }
        }

        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { isRestricted(ipv6: Array($0)) }
        }
        return true
    }

    /// Whether the 4 network-order bytes of an IPv4 address are refused.
    public static func isRestricted(ipv4 bytes: [UInt8]) -> Bool {
        guard bytes.count == 4 else { return true }
        let (first, second) = (bytes[0], bytes[1])
        switch first {
        case 0, 10, 127: return true
        case 100: return (64...127).contains(second)
        case 169: return second == 254
        case 172: return (16...31).contains(second)
        case 192: return second == 168
        default: return first >= 224
        }
    }

    /// Whether the 16 network-order bytes of an IPv6 address are refused.
    public static func isRestricted(ipv6 bytes: [UInt8]) -> Bool {
        guard bytes.count == 16 else { return true }
        let isMappedIPv4 = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
        if isMappedIPv4 { return isRestricted(ipv4: Array(bytes[12..<16])) }

        let isUnspecifiedOrLoopback = bytes[0..<15].allSatisfy { $0 == 0 } && bytes[15] <= 1
        let isUniqueLocal = bytes[0] & 0xFE == 0xFC
        let isLinkLocal = bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80
        let isMulticast = bytes[0] == 0xFF
        return isUnspecifiedOrLoopback || isUniqueLocal || isLinkLocal || isMulticast
    }
}
