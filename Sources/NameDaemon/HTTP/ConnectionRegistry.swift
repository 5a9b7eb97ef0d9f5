import NIOCore
import Synchronization

/// The daemon's open connections, capped. At the cap a new connection is still admitted when some
/// connection is idle (no request in progress): the one idle the longest is closed to make room, so
/// a crowd of idle or trickling clients cannot lock out a client with a real request. Only when
/// every connection is busy is the newcomer refused.
final class ConnectionRegistry: Sendable {
    /// One connection as the registry sees it.
    final class Slot: Sendable {
        let channel: any Channel
        /// Monotonic nanoseconds since the connection last became idle; 0 while a request is in progress.
        let idleSince: Atomic<UInt64>

        init(channel: any Channel, idleSince: UInt64) {
            self.channel = channel
            self.idleSince = Atomic(idleSince)
        }
    }

    /// What `admit` decided.
    enum Admission: Equatable {
        case admitted
        case admittedClosingIdle
        case refused
    }

    /// Connections open at most.
    let limit: Int
    private let slots = Mutex<[ObjectIdentifier: Slot]>([:])

    /// Makes a registry allowing `limit` open connections.
    init(limit: Int) { self.limit = limit }

    /// Open connections now.
    var count: Int { slots.withLock { $0.count } }

    /// Registers a new connection, closing the longest-idle one when at the cap.
    func admit(_ slot: Slot) -> Admission {
        let victim: Slot?? = slots.withLock { map in
            if map.count < limit {
                map[ObjectIdentifier(slot)] = slot
                return .some(nil)
            }
            var oldest: Slot?
            var oldestSince = UInt64.max
            for candidate in map.values {
                let since = candidate.idleSince.load(ordering: .relaxed)
                if since != 0 && since < oldestSince { (oldest, oldestSince) = (candidate, since) }
            }
            guard let oldest else { return nil }
            map[ObjectIdentifier(oldest)] = nil
            map[ObjectIdentifier(slot)] = slot
            return .some(oldest)
        }
        switch victim {
        case .none: return .refused
        case .some(.none): return .admitted
        case .some(.some(let idle)):
            idle.channel.close(promise: nil)
            return .admittedClosingIdle
        }
    }

    /// Forgets a closed connection (idempotent).
    func leave(_ slot: Slot) {
        _ = slots.withLock { $0.removeValue(forKey: ObjectIdentifier(slot)) }
    }
}
