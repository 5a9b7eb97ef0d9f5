import Foundation
import Libp2p
import NameAmino
import NameKeys
import NameRecord
import NamectlTestSupport
import PrivateNames
import Testing

/// A private record is an ordinary IPNS record for the blinded name: real Kubo v0.22 nodes
/// (go-libp2p-kad-dht with boxo's IPNS validator, on loopback) store it under the blinded name's
/// routing key, serve it to an independent client (py-libp2p) and to namectl, and refuse it altered.
@Suite(.serialized) struct PrivateKuboTests {
    static let value = "/ipfs/bafkqaddwgevxmmraojswg33smq"

    /// A client with a fresh identity. Deadlines are generous (no deadline is the behaviour tested
    /// here): `make test` runs every suite at once on a busy machine.
    static func client() -> AminoClient {
        AminoClient(identity: .generate(), configuration: AminoConfiguration(
            quorum: 16, queryTimeout: .seconds(20),
            host: Libp2pHostConfiguration(dialTimeout: .seconds(10), upgradeTimeout: .seconds(10), negotiateTimeout: .seconds(10))))
    }

    /// `record` with one byte flipped in the middle of the `occurrence`-th copy of `sealed` (the
    /// protobuf Value field comes first, the signed DAG-CBOR `data` second). Not re-signed.
    static func tamper(_ record: Record, _ sealed: [UInt8], occurrence: Int) throws -> Record {
        var bytes = record.bytes
        let starts = (0...(bytes.count - sealed.count)).filter { bytes[$0..<$0 + sealed.count].elementsEqual(sealed) }
        try #require(starts.count == 2, "the sealed value appears in the protobuf field and in the CBOR data")
        bytes[starts[occurrence] + sealed.count / 2] ^= 0x01
        return try Record(bytes: bytes)
    }

    @Test func kuboValidatesStoresAndServesThePrivateRecordAndRefusesTamperedOnes() async throws {
        let swarm = try await KuboSwarm(nodes: 3)
        defer { swarm.close() }
        let writer = Self.client()
        try await writer.bootstrap([try Multiaddr(swarm.nodes[0].address)])

        let owner = PrivateKey.generate()
        let friends = PrivateNameKey(owner: owner, label: try PrivateLabel("friends"))
        let blinded = friends.address.blindedName
        let validity = Timestamp(seconds: Timestamp.now().seconds + 2 * 86_400)
        let record = try friends.createRecord(value: Array(Self.value.utf8), sequence: 4, validity: validity, ttl: 3_600_000_000_000)
        let sealed = try #require(record.value)

        // Altered ciphertext, first (no valid record is held yet, so nothing but validation can refuse
        // it): in the signed CBOR data it breaks the V2 signature, in the protobuf field the V1/V2
        // agreement. namectl's validator and boxo's agree.
        for (occurrence, code) in [(1, RecordErrorCode.signatureV2Invalid), (0, RecordErrorCode.fieldMismatch)] {
            let tampered = try Self.tamper(record, sealed, occurrence: occurrence)
            #expect(throws: RecordError(code, "")) { try RecordValidator.standard.validate(tampered, for: blinded) }
            await #expect(throws: AminoError(.putFailed, ""), "occurrence \(occurrence)") { _ = try await writer.publish(tampered, for: blinded) }
        }

        let report = try await writer.publish(record, for: blinded)
        #expect(Set(report.stored.map(\.description)) == Set(swarm.nodes.map(\.id)), "\(report.failures)")

        // py-libp2p (not namectl) reads the exact bytes from every node under the blinded name's key;
        // nothing is stored under the owner's name.
        let python = try await InteropHelper(script: "kad_client.py")
        defer { python.close() }
        for node in swarm.nodes {
            let lan = "/ipfs/lan/kad/1.0.0"
            let got = try await python.call(["cmd": "get", "addr": node.address, "key": hex(blinded.routingKey), "protocol": lan])
            #expect(got["found"] as? Bool == true && got["value"] as? String == hex(record.bytes), "\(node.id): \(got)")
            let ownerGet = try await python.call(["cmd": "get", "addr": node.address, "key": hex(owner.name.routingKey), "protocol": lan])
            #expect(ownerGet["found"] as? Bool == false, "\(node.id): \(ownerGet)")
        }

        // A reader with only the address finds the record through Kubo and decrypts it.
        let reader = Self.client()
        try await reader.bootstrap([try Multiaddr(swarm.nodes[2].address)])
        let address = try PrivateAddress(friends.address.description)
        let fetched = try await reader.resolve(name: address.blindedName)
        #expect(fetched == record)
        #expect(try address.value(of: RecordValidator.standard.validate(fetched, for: address.blindedName)) == Array(Self.value.utf8))

        // Sequences are per blinded name in Kubo too: a lower one is refused as old; and a record for
        // the blinded name signed by the owner's own key is refused as a forgery.
        let older = try friends.createRecord(value: Array(Self.value.utf8), sequence: 3, validity: validity, ttl: 1)
        await #expect(throws: AminoError(.putFailed, "")) { _ = try await writer.publish(older, for: blinded) }
        let byOwner = try Record.create(key: owner, value: sealed, sequence: 9, validity: validity, ttl: 1)
        await #expect(throws: AminoError(.putFailed, "")) { _ = try await writer.publish(byOwner, for: blinded) }
        #expect(try await reader.resolve(name: blinded) == record)
        await writer.close()
        await reader.close()
    }
}
