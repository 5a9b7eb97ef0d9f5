import Synchronization
import Libp2p
import NameKeys
import NameRecord
import NamectlTestSupport
@testable import NameAmino

/// One Kubo swarm for the whole test process (the helper exits when the process does); tests use
/// distinct names, so they do not disturb each other.
actor SharedSwarm {
    static let shared = SharedSwarm()
    private var starting: Task<KuboSwarm, any Error>?

    /// The swarm of six nodes, started on first use.
    static func get() async throws -> KuboSwarm {
        try await shared.swarm()
    }

    private func swarm() async throws -> KuboSwarm {
        if let starting { return try await starting.value }
        let task = Task { try await KuboSwarm(nodes: 6) }
        starting = task
        return try await task.value
    }
}

/// A record for `key` valid for two days.
func makeRecord(_ key: PrivateKey, value: String, sequence: UInt64) throws -> Record {
    try Record.create(key: key, value: Array(value.utf8), sequence: sequence,
                      validity: Timestamp(seconds: Timestamp.now().seconds + 2 * 86_400), ttl: 3_600_000_000_000)
}

/// A client with a fresh identity and short deadlines.
func makeClient(queryTimeout: Duration = .seconds(5), quorum: Int = 16) -> AminoClient {
    AminoClient(identity: .generate(), configuration: AminoConfiguration(
        quorum: quorum, queryTimeout: queryTimeout,
        host: Libp2pHostConfiguration(dialTimeout: .seconds(2), upgradeTimeout: .seconds(2), negotiateTimeout: .seconds(2))))
}

/// Bytes as lowercase hex, and back.
extension Array where Element == UInt8 {
    var hex: String { map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() }
    init(hex: String) {
        let chars = Array(hex.utf8)
        self = stride(from: 0, to: chars.count - 1, by: 2).map { UInt8(String(decoding: chars[$0...$0 + 1], as: UTF8.self), radix: 16)! }
    }
}

/// A fake kad server on loopback (namectl's own libp2p stack) whose LAN kad handler does whatever
/// a test needs: serve an invalid record, stall, send garbage. PUTs it receives are recorded and
/// echoed; FIND_NODE is answered honestly (no closer peers) unless `answersFindNode` is false, so
/// that bootstrap keeps the peer and the misbehaviour shows in GET.
final class FakeKadPeer: Sendable {
    let host: Libp2pHost
    let address: Multiaddr
    private let puts: PutLog

    init(answersFindNode: Bool = true, _ behaviour: @escaping @Sendable (KadMessage, YamuxStream) async throws -> Void) async throws {
        host = Libp2pHost(identity: .generate())
        let listen = try await host.listen()
        address = Multiaddr(listen.components + [.p2p(host.peerID)])
        let puts = PutLog()
        self.puts = puts
        host.setHandler(KadProtocol.lan.rawValue) { stream, _ in
            do {
                let request = try KadMessage(bytes: try await stream.readLengthPrefixed(maxLength: KadMessage.maxLength))
                if request.type == .putValue, let value = request.record?.value {
                    puts.values.withLock { $0.append(value) }
                    try await stream.writeLengthPrefixed(request.bytes)
                    await stream.close()
                    return
                }
                if request.type == .findNode && answersFindNode {
                    try await stream.writeLengthPrefixed(KadMessage(type: .findNode, key: request.key).bytes)
                    await stream.close()
                    return
                }
                try await behaviour(request, stream)
            } catch {
                stream.reset()
            }
        }
    }

    /// Record values PUT to this peer.
    var received: [[UInt8]] { puts.values.withLock { $0 } }

    func close() async { await host.close() }
}


/// PUT values a `FakeKadPeer` received.
final class PutLog: Sendable {
    let values = Mutex<[[UInt8]]>([])
}
