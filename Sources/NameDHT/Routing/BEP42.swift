import Sodium

/// BEP 42 (DHT security extension): a node ID is tied to the node's IP address. Its first 21 bits
/// are the CRC-32C of the masked address (IPv4, or the first 8 bytes of IPv6) mixed with a random
/// `r` (0…7), and its last byte holds `r`, so a Sybil cannot pick IDs next to a target at will.
/// Local addresses (10/8, 172.16/12, 192.168/16, 169.254/16, 127/8; IPv6 loopback, unique-local
/// and link-local) are exempt.
public enum BEP42 {
    private static let mask4: [UInt8] = [0x03, 0x0F, 0x3F, 0xFF]
    private static let mask6: [UInt8] = [0x01, 0x03, 0x07, 0x0F, 0x1F, 0x3F, 0x7F, 0xFF]

    /// The 21-bit prefix (in the top bits of the result) an ID must have for `address` and `r`.
    static func prefix(address: [UInt8], r: UInt8) -> UInt32 {
        var ip = zip(address, address.count == 16 ? mask6 : mask4).map { $0 & $1 }
        ip[0] |= (r & 0x07) << 5
        return CRC32C.checksum(ip)
    }

    /// A node ID valid for the IPv4 `address` (random bits from libsodium's CSPRNG); `nil` for an
    /// exempt or unspecified address, where a random ID is as good.
    public static func nodeID(for address: [UInt8]) -> NodeID? {
        guard address.count == 4 || address.count == 16, address.contains(where: { $0 != 0 }), !isExempt(address) else { return nil }
        var bytes = Sodium.randomBytes(NodeID.byteCount)
        let crc = prefix(address: address, r: bytes[19] & 0x07)
        bytes[0] = UInt8(crc >> 24)
        bytes[1] = UInt8((crc >> 16) & 0xFF)
        bytes[2] = UInt8((crc >> 8) & 0xF8) | (bytes[2] & 0x07)
        return NodeID(bytes: bytes)!
    }

    /// Whether `address` is exempt (a local network, where any ID goes).
    public static func isExempt(_ address: [UInt8]) -> Bool {
        if address.count == 16 { return DHTEndpoint(address: address, port: 1)?.isPrivate ?? false }
        let a = address[0], b = address[1]
        return a == 10 || a == 127 || (a == 172 && (16...31).contains(b)) || (a == 192 && b == 168) || (a == 169 && b == 254)
    }

    /// Whether `id` is valid for `address` (always true for exempt addresses).
    public static func isValid(_ id: NodeID, address: [UInt8]) -> Bool {
        if isExempt(address) { return true }
        let crc = prefix(address: address, r: id.bytes[19] & 0x07)
        return id.bytes[0] == UInt8(crc >> 24) && id.bytes[1] == UInt8((crc >> 16) & 0xFF)
            && id.bytes[2] & 0xF8 == UInt8((crc >> 8) & 0xF8)
    }

    /// Whether `contact`'s ID is valid for its address.
    public static func isValid(_ contact: DHTContact) -> Bool { isValid(contact.id, address: contact.endpoint.address) }
}
