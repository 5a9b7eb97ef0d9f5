import Testing
import Libp2p
import NameKeys
import NameRecord
import NamectlTestSupport
@testable import NameAmino

/// namectl's Amino client against a loopback swarm of real Kubo v0.22 nodes (go-libp2p-kad-dht
/// with boxo's IPNS validator), with py-libp2p as the other, independent client.
@Suite(.serialized) struct KuboInteropTests {
    @Test func bootstrapLearnsTheSwarmOverTheLANProtocol() async throws {
        let swarm = try await SharedSwarm.get()
        let client = makeClient()
        defer { Task { await client.close() } }
        try await client.bootstrap([try Multiaddr(swarm.nodes[0].address)])
        let status = client.status
        #expect(status.lanPeers == swarm.nodes.count, "\(status)")
        #expect(status.wanPeers == 0)
        #expect(Set(client.knownPeers(.lan).map(\.id.description)) == Set(swarm.nodes.map(\.id)))
    }

    @Test func publishIsStoredByKuboAndServedToAnotherClient() async throws {
        let swarm = try await SharedSwarm.get()
        let client = makeClient()
        defer { Task { await client.close() } }
        try await client.bootstrap([try Multiaddr(swarm.nodes[0].address)])
        let key = PrivateKey.generate()
        let record = try makeRecord(key, value: "/ipfs/bafkqaaa", sequence: 3)
        let report = try await client.publish(record, for: key.name)
        // k = 20 > 6 nodes: every node is among the closest, and boxo's validator accepts the record.
        #expect(report.stored.count == swarm.nodes.count, "\(report.failures)")

        let python = try await InteropHelper(script: "kad_client.py")
        defer { python.close() }
        for node in swarm.nodes {
            let answer = try await python.call(["cmd": "get", "addr": node.address, "key": key.name.routingKey.hex, "protocol": KadProtocol.wan.rawValue])
            #expect(answer["found"] as? Bool == true, "\(node.id): \(answer)")
            #expect(answer["value"] as? String == record.bytes.hex)
        }
    }

    @Test func resolvesARecordPutByAnotherClient() async throws {
        let swarm = try await SharedSwarm.get()
        let python = try await InteropHelper(script: "kad_client.py")
        defer { python.close() }
        let seed = [UInt8](repeating: 0x5a, count: 32)
        let put = try await python.call(["cmd": "put_ipns", "addr": swarm.nodes[4].address, "seed": seed.hex,
                                         "value": "/ipfs/bafkqabc", "sequence": 7, "protocol": KadProtocol.lan.rawValue])
        #expect(put["ok"] as? Bool == true, "\(put)")
        let name = try PrivateKey(seed: seed).name
        #expect(put["name"] as? String == name.description)

        let client = makeClient()
        defer { Task { await client.close() } }
        try await client.bootstrap([try Multiaddr(swarm.nodes[0].address)])
        let report = try await client.get(name: name, quorum: 16) { _ in }
        #expect(report.best?.bytes.hex == put["record"] as? String)
        #expect(report.best?.sequence == 7)
        #expect(report.invalid.isEmpty)
        #expect(report.validAnswers >= 1)
    }

    @Test func kuboRefusesAnOlderRecordAndAnInvalidOne() async throws {
        let swarm = try await SharedSwarm.get()
        let client = makeClient()
        defer { Task { await client.close() } }
        try await client.bootstrap([try Multiaddr(swarm.nodes[0].address)])
        let key = PrivateKey.generate()
        _ = try await client.publish(try makeRecord(key, value: "/ipfs/new", sequence: 9), for: key.name)
        await #expect(throws: AminoError(.putFailed, "")) {
            _ = try await client.publish(try makeRecord(key, value: "/ipfs/old", sequence: 8), for: key.name)
        }
        let other = PrivateKey.generate()
        await #expect(throws: AminoError(.putFailed, "")) {
            // A record signed by another key, under this name's key: boxo refuses it.
            _ = try await client.publish(try makeRecord(other, value: "/ipfs/x", sequence: 11), for: key.name)
        }
        #expect(try await client.resolve(name: key.name).sequence == 9)
    }

    @Test func invalidRecordFromOnePeerIsRefusedAndTheValidOneWins() async throws {
        let swarm = try await SharedSwarm.get()
        let key = PrivateKey.generate()
        let valid = try makeRecord(key, value: "/ipfs/valid", sequence: 4)
        // A higher sequence, but signed by another key: invalid for this name.
        let invalid = try makeRecord(PrivateKey.generate(), value: "/ipfs/evil", sequence: 99)
        let liar = try await FakeKadPeer { request, stream in
            let answer = KadMessage(type: .getValue, key: request.key, record: KadRecord(key: request.key, value: invalid.bytes))
            try await stream.writeLengthPrefixed(answer.bytes)
            await stream.close()
        }
        defer { Task { await liar.close() } }

        let client = makeClient()
        defer { Task { await client.close() } }
        try await client.bootstrap([try Multiaddr(swarm.nodes[0].address)])
        _ = try await client.publish(valid, for: key.name)

        let reader = makeClient()
        defer { Task { await reader.close() } }
        try await reader.bootstrap([liar.address, try Multiaddr(swarm.nodes[1].address)])
        let report = try await reader.get(name: key.name) { _ in }
        #expect(report.best == valid)
        #expect(report.invalid[liar.host.peerID] != nil)
        // The liar got the best record PUT back, as Kubo corrects peers with outdated records.
        #expect(liar.received.contains(valid.bytes))
        #expect(report.corrected.contains(liar.host.peerID))
    }
}
