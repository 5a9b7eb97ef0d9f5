import Libp2p
import Multiformats

/// A peer in a kad message: `id = 1` (binary peer ID), `addrs = 2` (binary multiaddrs),
/// `connection = 3` (NOT_CONNECTED 0, CONNECTED 1, CAN_CONNECT 2, CANNOT_CONNECT 3).
public struct KadPeer: Equatable, Sendable {
    /// The peer.
    public var id: PeerID
    /// Its addresses (ones namectl cannot parse are dropped).
    public var addrs: [Multiaddr]
    /// The sender's connection state with the peer.
    public var connection: UInt64

    /// A peer from its parts.
    public init(id: PeerID, addrs: [Multiaddr], connection: UInt64 = 0) {
        self.id = id
        self.addrs = addrs
        self.connection = connection
    }

    init(bytes: [UInt8]) throws(AminoError) {
        var reader = ProtobufReader(bytes)
        var id: PeerID?
        var addrs: [Multiaddr] = []
        var connection: UInt64 = 0
        do {
            while let (field, item) = try reader.next() {
                switch (field, item) {
                case (1, .bytes(let b)):
                    do { id = try PeerID(bytes: b) } catch { throw AminoError(.malformedMessage, "bad peer id: \(error.reason)") }
                case (2, .bytes(let b)):
                    if let addr = try? Multiaddr(bytes: b) { addrs.append(addr) }
                case (3, .varint(let v)): connection = v
                case (1, _), (2, _), (3, _): throw AminoError(.malformedMessage, "peer field \(field) has the wrong wire type")
                default: continue
                }
            }
        } catch let error as MultiformatsError {
            throw AminoError(.malformedMessage, "malformed peer: \(error.reason)")
        } catch let error as AminoError {
            throw error
        } catch {
            throw AminoError(.malformedMessage, "malformed peer")
        }
        guard let id else { throw AminoError(.malformedMessage, "peer without id") }
        self.init(id: id, addrs: addrs, connection: connection)
    }

    var bytes: [UInt8] {
        var writer = ProtobufWriter()
        writer.writeBytes(field: 1, id.bytes)
        for addr in addrs { writer.writeBytes(field: 2, addr.bytes) }
        if connection != 0 { writer.writeVarint(field: 3, connection) }
        return writer.bytes
    }
}
