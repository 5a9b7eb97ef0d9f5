import Libp2p

/// What a PUT achieved.
public struct AminoPutReport: Sendable {
    /// Peers that stored the record (echoed the PUT).
    public var stored: [PeerID]
    /// Peers the record was offered to (the closest found, per DHT).
    public var attempted: Int
    /// Peers that refused or failed, with the reason.
    public var failures: [PeerID: String]
}
