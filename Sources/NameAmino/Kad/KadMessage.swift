import Libp2p
import Multiformats

/// A kad-dht `Message` (libp2p/specs kad-dht): `type = 1`, `key = 2`, `record = 3`,
/// `closerPeers = 8`, `providerPeers = 9`, `clusterLevelRaw = 10`. Sent uvarint-length-prefixed.
public struct KadMessage: Equatable, Sendable {
    /// The message type.
    public enum MessageType: UInt64, Sendable {
        /// Store a record.
        case putValue = 0
        /// Fetch a record (and closer peers).
        case getValue = 1
        /// Announce a provider (unused by namectl).
        case addProvider = 2
        /// Fetch providers (unused by namectl).
        case getProviders = 3
        /// Fetch the closest peers to a key.
        case findNode = 4
        /// Liveness (deprecated).
        case ping = 5
    }

    /// Largest message namectl reads: records are ≤ 10 KiB and 20 closer peers a few KiB; go-libp2p
    /// allows 4 MiB, but nothing legitimate comes near this limit.
    public static let maxLength = 256 * 1024

    /// The type.
    public var type: MessageType
    /// The key (raw bytes; for FIND_NODE a peer ID or any key).
    public var key: [UInt8]
    /// The record (PUT_VALUE, GET_VALUE answers).
    public var record: KadRecord?
    /// Peers closer to the key (answers).
    public var closerPeers: [KadPeer]
    /// Provider peers (parsed only to be skipped).
    public var providerPeers: [KadPeer]

    /// A message from its parts.
    public init(type: MessageType, key: [UInt8], record: KadRecord? = nil, closerPeers: [KadPeer] = [], providerPeers: [KadPeer] = []) {
        self.type = type
        self.key = key
        self.record = record
        self.closerPeers = closerPeers
        self.providerPeers = providerPeers
    }

    /// Decodes a message body (without its length prefix). Closer peers with a bad id are dropped
    /// rather than failing the whole answer.
    public init(bytes: [UInt8]) throws(AminoError) {
        guard bytes.count <= Self.maxLength else { throw AminoError(.messageTooLarge, "kad message of \(bytes.count) bytes") }
        var reader = ProtobufReader(bytes)
        var type: MessageType = .putValue
        var key: [UInt8] = []
        var record: KadRecord?
        var closer: [KadPeer] = []
        var providers: [KadPeer] = []
        do {
            while let (field, item) = try reader.next() {
                switch (field, item) {
                case (1, .varint(let v)):
                    guard let t = MessageType(rawValue: v) else { throw AminoError(.malformedMessage, "unknown message type \(v)") }
                    type = t
                case (2, .bytes(let b)): key = b
                case (3, .bytes(let b)): record = try KadRecord(bytes: b)
                case (8, .bytes(let b)): if let peer = try? KadPeer(bytes: b) { closer.append(peer) }
                case (9, .bytes(let b)): if let peer = try? KadPeer(bytes: b) { providers.append(peer) }
                case (1, _), (2, _), (3, _), (8, _), (9, _):
                    throw AminoError(.malformedMessage, "message field \(field) has the wrong wire type")
                default: continue
                }
            }
        } catch let error as MultiformatsError {
            throw AminoError(.malformedMessage, "malformed kad message: \(error.reason)")
        } catch let error as AminoError {
            throw error
        } catch {
            throw AminoError(.malformedMessage, "malformed kad message")
        }
        self.init(type: type, key: key, record: record, closerPeers: closer, providerPeers: providers)
    }

    /// The protobuf body.
    public var bytes: [UInt8] {
        var writer = ProtobufWriter()
        writer.writeVarint(field: 1, type.rawValue)
        if !key.isEmpty { writer.writeBytes(field: 2, key) }
        if let record { writer.writeBytes(field: 3, record.bytes) }
        for peer in closerPeers { writer.writeBytes(field: 8, peer.bytes) }
        for peer in providerPeers { writer.writeBytes(field: 9, peer.bytes) }
        return writer.bytes
    }
}
