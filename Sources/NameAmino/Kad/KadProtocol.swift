import Libp2p

/// Which of Kubo's two DHTs a peer belongs to: the WAN DHT (`/ipfs/kad/1.0.0`, peers at public
/// addresses) or the LAN DHT (`/ipfs/lan/kad/1.0.0`, private, loopback and link-local addresses).
public enum KadProtocol: String, Sendable, CaseIterable, Hashable {
    /// The public Amino DHT.
    case wan = "/ipfs/kad/1.0.0"
    /// Kubo's LAN DHT.
    case lan = "/ipfs/lan/kad/1.0.0"

    /// The DHT an address belongs to.
    public static func forAddress(_ address: Multiaddr) -> KadProtocol {
        address.isPrivate ? .lan : .wan
    }

    /// The TCP addresses of `addresses` that belong to this DHT.
    public func dialable(_ addresses: [Multiaddr]) -> [Multiaddr] {
        addresses.filter { $0.tcpEndpoint != nil && Self.forAddress($0) == self }
    }

    /// A short label (`wan`, `lan`).
    public var label: String { self == .wan ? "wan" : "lan" }
}
