import Libp2p

/// A snapshot of the Amino client for `namectl amino status`.
public struct AminoStatus: Sendable {
    /// This peer's ID.
    public var peerID: PeerID
    /// Peers with an open connection.
    public var connectedPeers: [PeerID]
    /// Peers known in the WAN DHT table (`/ipfs/kad/1.0.0`).
    public var wanPeers: Int
    /// Peers known in the LAN DHT table (`/ipfs/lan/kad/1.0.0`).
    public var lanPeers: Int
}
