import Testing
@testable import NameDHT

@Suite struct BEP42Tests {
    /// The five examples in BEP 42: address, r, and the node ID prefix/last byte they give.
    static let vectors: [([UInt8], UInt8, String)] = [
        ([124, 31, 75, 21], 1, "5fbfbff10c5d6a4ec8a88e4c6ab4c28b95eee401"),
        ([21, 75, 31, 124], 86, "5a3ce9c14e7a08645677bbd1cfe7d8f956d53256"),
        ([65, 23, 51, 170], 22, "a5d43220bc8f112a3d426c84764f8c2a1150e616"),
        ([84, 124, 73, 14], 65, "1b0321dd1bb1fe518101ceef99462b947a01ff41"),
        ([43, 213, 53, 83], 90, "e56f6cbf5b7c4be0237986d5243b87aa6d51305a"),
    ]

    @Test func crc32cMatchesTheCastagnoliCheckValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
    }

    @Test func acceptsTheSpecExamples() {
        for (ip, r, hex) in Self.vectors {
            let id = NodeID(hex: hex)!
            #expect(id.bytes[19] == r)
            #expect(BEP42.isValid(id, address: ip), "\(hex)")
            let crc = BEP42.prefix(address: ip, r: r)
            #expect(id.bytes[0] == UInt8(crc >> 24) && id.bytes[1] == UInt8((crc >> 16) & 0xFF))
        }
    }

    @Test func rejectsAnIDForAnotherAddressOrWithAnotherPrefix() {
        for (ip, _, hex) in Self.vectors {
            var b = NodeID(hex: hex)!.bytes
            #expect(!BEP42.isValid(NodeID(hex: hex)!, address: [ip[0], ip[1], ip[2] ^ 0x3F, ip[3]]))
            b[2] ^= 0x08
            #expect(!BEP42.isValid(NodeID(bytes: b)!, address: ip))
        }
    }

    @Test func generatedIDsAreValidAndLocalAddressesExempt() async {
        for _ in 0..<50 {
            let ip: [UInt8] = [UInt8.random(in: 1...223), .random(in: 0...255), .random(in: 0...255), .random(in: 1...254)]
            guard let id = BEP42.nodeID(for: ip) else { #expect(BEP42.isExempt(ip)); continue }
            #expect(BEP42.isValid(id, address: ip))
        }
        for local: [UInt8] in [[10, 1, 2, 3], [127, 0, 0, 1], [172, 16, 0, 1], [192, 168, 1, 1], [169, 254, 0, 1]] {
            #expect(BEP42.isValid(.random(), address: local))
            #expect(BEP42.nodeID(for: local) == nil)
        }
        for _ in 0..<20 {
            let ip6: [UInt8] = [0x20, 0x01] + (0..<14).map { _ in UInt8.random(in: 0...255) }
            guard let id = BEP42.nodeID(for: ip6) else { Issue.record("no ID for a public IPv6 address"); continue }
            #expect(BEP42.isValid(id, address: ip6))
        }
        #expect(BEP42.isValid(.random(), address: [UInt8](repeating: 0, count: 15) + [1]), "::1 is exempt")
        var c = DHTConfiguration()
        c.externalAddress = [124, 31, 75, 21]
        #expect(BEP42.isValid(await DHTNode(configuration: c).id, address: [124, 31, 75, 21]))
    }
}
