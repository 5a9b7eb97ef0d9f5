import Testing
import Libp2p
import NameKeys
import NameRecord
@testable import NameAmino

/// Kad peers that stall, send oversized or malformed answers, or lie about closer peers: each is a
/// per-peer failure in the report, the lookup finishes within its deadlines, and a valid record
/// held by an honest peer still wins.
@Suite struct HostileKadPeerTests {
    /// An honest fake peer that serves `record`.
    private func honest(_ record: Record) async throws -> FakeKadPeer {
        try await FakeKadPeer { request, stream in
            try await stream.writeLengthPrefixed(KadMessage(type: request.type, key: request.key,
                                                            record: KadRecord(key: request.key, value: record.bytes)).bytes)
            await stream.close()
        }
    }

    @Test func hostilePeersFailOneByOneAndTheHonestRecordWins() async throws {
        let key = PrivateKey.generate()
        let record = try makeRecord(key, value: "/ipfs/honest", sequence: 1)
        let good = try await honest(record)
        let staller = try await FakeKadPeer { _, _ in try await Task.sleep(for: .seconds(60)) }
        let oversized = try await FakeKadPeer { _, stream in
            try await stream.write([0xff, 0xff, 0xff, 0x7f])
            try await Task.sleep(for: .seconds(60))
        }
        let garbage = try await FakeKadPeer { _, stream in
            try await stream.writeLengthPrefixed([0x08, 0x63, 0xff, 0xff])
            await stream.close()
        }
        let wrongKey = try await FakeKadPeer { request, stream in
            try await stream.writeLengthPrefixed(KadMessage(type: request.type, key: Array("/ipns/other".utf8)).bytes)
            await stream.close()
        }
        // Claims 30 closer peers, none of which exist (nothing listens on port 1).
        let liar = try await FakeKadPeer(answersFindNode: false) { request, stream in
            let ghosts = (0..<30).map { _ in KadPeer(id: IdentityKey.generate().peerID, addrs: [try! Multiaddr("/ip4/127.0.0.1/tcp/1")]) }
            try await stream.writeLengthPrefixed(KadMessage(type: request.type, key: request.key, closerPeers: ghosts).bytes)
            await stream.close()
        }
        let peers = [good, staller, oversized, garbage, wrongKey, liar]
        defer { Task { for peer in peers { await peer.close() } } }

        let client = makeClient(queryTimeout: .seconds(1))
        defer { Task { await client.close() } }
        try await client.bootstrap(peers.map(\.address))
        let clock = ContinuousClock()
        let start = clock.now
        let report = try await client.get(name: key.name) { _ in }
        #expect(clock.now - start < .seconds(20))
        #expect(report.best == record)
        for hostile in [staller, oversized, garbage, wrongKey] {
            #expect(report.failures[hostile.host.peerID] != nil, "\(hostile.address)")
        }
        #expect(report.failures[staller.host.peerID]?.contains("timeout") == true)
        #expect(report.failures[oversized.host.peerID]?.contains("message_too_large") == true)
        #expect(report.failures[garbage.host.peerID]?.contains("malformed_message") == true)
        #expect(report.failures[wrongKey.host.peerID]?.contains("unexpected_response") == true)
        #expect(report.failures[good.host.peerID] == nil)
        // The ghosts were tried and failed; they never made it into the table.
        #expect(client.knownPeers(.lan).count <= peers.count)
    }

    @Test func bootstrapWithoutAnyAnsweringPeerFails() async throws {
        let staller = try await FakeKadPeer(answersFindNode: false) { _, _ in try await Task.sleep(for: .seconds(60)) }
        defer { Task { await staller.close() } }
        let client = makeClient(queryTimeout: .milliseconds(500))
        defer { Task { await client.close() } }
        await #expect(throws: AminoError(.noPeers, "")) { try await client.bootstrap([staller.address]) }
        await #expect(throws: AminoError(.invalidBootstrap, "")) { try await client.bootstrap([try Multiaddr("/ip4/127.0.0.1/tcp/4001")]) }
        await #expect(throws: AminoError(.noPeers, "")) { _ = try await client.resolve(name: PrivateKey.generate().name) }
    }
}
