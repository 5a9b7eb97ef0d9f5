import Libp2p
import NameRecord

/// What a GET heard.
public struct AminoGetReport: Sendable {
    /// The best valid record, if any peer had one.
    public var best: Record?
    /// How many peers answered with a valid record.
    public var validAnswers: Int
    /// Peers that answered with a record the validator refused, and why.
    public var invalid: [PeerID: RecordError]
    /// Peers that failed (connection, handshake, timeout, malformed answer), and why.
    public var failures: [PeerID: String]
    /// Peers that answered with an older or invalid record and took the best one back.
    public var corrected: [PeerID]
}
