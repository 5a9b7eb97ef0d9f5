import Libp2p
import NameRecord
import Synchronization

/// What a GET has heard so far: the best valid record, how many valid answers, and who answered
/// what (peers left with anything but the best get it PUT back).
struct GetCollector: Sendable {
    var best: Record?
    var valid = 0
    /// Every peer that answered with a record, and the record's bytes when it was valid.
    var answers: [(dht: KadProtocol, peer: KadPeer, validBytes: [UInt8]?)] = []
    /// Per-peer reasons for refused records.
    var invalid: [PeerID: RecordError] = [:]

    /// Counts one answer; returns the record when it beats every earlier one, and whether the
    /// quorum is reached.
    mutating func add(_ verdict: Result<Record, RecordError>, from peer: KadPeer, dht: KadProtocol, quorum: Int) -> (Record?, Bool) {
        switch verdict {
        case .failure(let error):
            invalid[peer.id] = error
            answers.append((dht, peer, nil))
            return (nil, valid >= quorum)
        case .success(let record):
            valid += 1
            answers.append((dht, peer, record.bytes))
            guard best.map({ RecordSelection.isPreferred(record, over: $0) && record != $0 }) ?? true else {
                return (nil, valid >= quorum)
            }
            best = record
            return (record, valid >= quorum)
        }
    }

    /// Peers that answered with something other than the best record.
    var outdated: [(dht: KadProtocol, peer: KadPeer)] {
        guard let best else { return [] }
        return answers.filter { $0.validBytes != best.bytes }.map { ($0.dht, $0.peer) }
    }
}

/// A `GetCollector` shared by the lookups of one GET (one per DHT).
final class SharedGetCollector: Sendable {
    let state = Mutex(GetCollector())
}
