import Multiformats

/// The identify protobuf (`/ipfs/id/1.0.0`): who a peer is, where it listens, what it speaks.
public struct IdentifyMessage: Sendable, Equatable {
    /// The sender's libp2p `PublicKey` protobuf.
    public var publicKey: [UInt8]?
    /// Addresses the sender listens on (unparseable ones are dropped).
    public var listenAddrs: [Multiaddr]
    /// Protocols the sender handles.
    public var protocols: [String]
    /// The address the sender sees the receiver at.
    public var observedAddr: Multiaddr?
    /// `ipfs/0.1.0` in practice.
    public var protocolVersion: String?
    /// Implementation and version, e.g. `kubo/0.22.0/`.
    public var agentVersion: String?

    /// A message from its parts.
    public init(publicKey: [UInt8]? = nil, listenAddrs: [Multiaddr] = [], protocols: [String] = [],
                observedAddr: Multiaddr? = nil, protocolVersion: String? = nil, agentVersion: String? = nil) {
        self.publicKey = publicKey
        self.listenAddrs = listenAddrs
        self.protocols = protocols
        self.observedAddr = observedAddr
        self.protocolVersion = protocolVersion
        self.agentVersion = agentVersion
    }

    /// Decodes the protobuf; fields namectl does not use (signed peer record, …) are skipped.
    public init(bytes: [UInt8]) throws(Libp2pError) {
        self.init()
        var reader = ProtobufReader(bytes)
        func text(_ b: [UInt8]) -> String? { String(validating: b, as: UTF8.self) }
        do {
            while let (field, value) = try reader.next() {
                guard case .bytes(let b) = value else { continue }
                switch field {
                case 1: publicKey = b
                case 2: if let addr = try? Multiaddr(bytes: b) { listenAddrs.append(addr) }
                case 3: if let p = text(b) { protocols.append(p) }
                case 4: observedAddr = try? Multiaddr(bytes: b)
                case 5: protocolVersion = text(b)
                case 6: agentVersion = text(b)
                default: continue
                }
            }
        } catch {
            throw Libp2pError(.malformedMessage, "malformed identify message: \(error.reason)")
        }
    }

    /// The protobuf bytes.
    public var bytes: [UInt8] {
        var writer = ProtobufWriter()
        if let protocolVersion { writer.writeBytes(field: 5, Array(protocolVersion.utf8)) }
        if let agentVersion { writer.writeBytes(field: 6, Array(agentVersion.utf8)) }
        if let publicKey { writer.writeBytes(field: 1, publicKey) }
        for addr in listenAddrs { writer.writeBytes(field: 2, addr.bytes) }
        if let observedAddr { writer.writeBytes(field: 4, observedAddr.bytes) }
        for p in protocols { writer.writeBytes(field: 3, Array(p.utf8)) }
        return writer.bytes
    }
}
