import HTTP
import Testing

@Suite struct AddressPolicyTests {
    @Test(arguments: [
        "127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "100.127.255.255", "0.0.0.0", "224.0.0.1", "255.255.255.255",
        "::1", "::", "fc00::1", "fd00:ec2::254", "fe80::1", "febf::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
        "not an address", "",
    ])
    func refusesLoopbackPrivateLinkLocalAndMetadata(address: String) {
        #expect(AddressPolicy.isRestricted(address))
    }

    @Test(arguments: [
        "93.184.216.34", "8.8.8.8", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1", "169.253.1.1",
        "192.169.0.1", "11.0.0.1", "2606:4700::1111", "fec0::1", "::ffff:8.8.8.8",
    ])
    func allowsPublicAddresses(address: String) {
        #expect(!AddressPolicy.isRestricted(address))
    }
}
