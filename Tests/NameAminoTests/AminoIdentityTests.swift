import Foundation
import Testing
@testable import NameAmino

@Suite struct AminoIdentityTests {
    @Test func createsOnceWithMode0600AndReloadsTheSameKey() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("amino-id-\(UUID().uuidString)").path
        let path = dir + "/amino/identity.key"
        let first = try AminoIdentity.loadOrCreate(at: path)
        let second = try AminoIdentity.loadOrCreate(at: path)
        #expect(first.peerID == second.peerID)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes.prefix(4) == [0x08, 0x01, 0x12, 0x40])
        #expect(Array(bytes.suffix(32)) == first.publicKey.data)
    }

    @Test func refusesAMalformedKeyFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("amino-bad-\(UUID().uuidString)").path
        try Data([0x08, 0x00, 0x12, 0x02, 1, 2]).write(to: URL(fileURLWithPath: path))
        #expect(throws: AminoError(.identityKey, "")) { try AminoIdentity.loadOrCreate(at: path) }
    }
}
