import Testing
import NamectlTestSupport
@testable import Libp2p

/// Real third-party libp2p peers on loopback: py-libp2p (both directions) and Kubo v0.22's
/// go-libp2p (namectl dials it).
@Suite(.serialized) struct InteropTests {
    @Test func dialsPyLibp2pAndRunsARequest() async throws {
        let python = try await InteropHelper(script: "py_libp2p_peer.py")
        defer { python.close() }
        let address = try Multiaddr((python.ready["addrs"] as! [String])[0])
        let client = Libp2pHost(identity: .generate())
        defer { Task { await client.close() } }
        #expect(try await echo(Array("from swift".utf8), from: client, to: address) == Array("echo:from swift".utf8))
        let connection = try await client.connect(to: address.peerID!, addresses: [address])
        #expect(connection.remotePeer.description == python.ready["id"] as? String)
        let info = try await connection.identify()
        #expect(info.protocols.contains(echoProtocol))
    }

    @Test func pyLibp2pDialsUsAndRunsARequest() async throws {
        let python = try await InteropHelper(script: "py_libp2p_peer.py")
        defer { python.close() }
        let (server, address) = try await echoHost()
        defer { Task { await server.close() } }
        let answer = try await python.call(["cmd": "dial", "addr": address.description, "message": "from python"])
        #expect(answer["ok"] as? Bool == true, "\(answer)")
        #expect(answer["reply"] as? String == "echo:from python")
        #expect(server.connectedPeers.map(\.description) == [python.ready["id"] as! String])
    }

    @Test func connectsToKuboAndReadsItsIdentify() async throws {
        let swarm = try await KuboSwarm(nodes: 1)
        defer { swarm.close() }
        let address = try Multiaddr(swarm.nodes[0].address)
        let client = Libp2pHost(identity: .generate())
        defer { Task { await client.close() } }
        let connection = try await client.connect(to: address.peerID!, addresses: [address])
        let info = try await connection.identify()
        #expect(info.agentVersion?.hasPrefix("kubo/0.22") == true, "\(info.agentVersion ?? "-")")
        #expect(info.protocols.contains("/ipfs/kad/1.0.0"))
        #expect(info.protocols.contains("/ipfs/lan/kad/1.0.0"))
        #expect(info.observedAddr?.tcpEndpoint?.host == "127.0.0.1")
        _ = try await connection.session.ping()
        // Kubo answers a protocol it does not know with na, and the connection stays usable.
        await #expect(throws: Libp2pError(.protocolNotSupported, "")) { _ = try await connection.newStream(["/namectl/none/1"]) }
        #expect(try await connection.identify().agentVersion == info.agentVersion)
    }
}
