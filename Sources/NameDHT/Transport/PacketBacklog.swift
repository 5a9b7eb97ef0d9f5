import Synchronization

/// Bounds the datagrams received but not yet handled by the node actor, so a flood cannot queue
/// unbounded work before the per-IP rate limiter even sees it. Excess datagrams are dropped and counted.
final class PacketBacklog: Sendable {
    private let queued = Atomic<Int>(0)
    private let droppedCount = Atomic<Int>(0)
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Claims a slot; `false` (and counted) when the backlog is full.
    func enter() -> Bool {
        if queued.add(1, ordering: .relaxed).newValue > limit {
            queued.subtract(1, ordering: .relaxed)
            droppedCount.add(1, ordering: .relaxed)
            return false
        }
        return true
    }

    /// Releases a slot after the datagram was handled.
    func leave() { queued.subtract(1, ordering: .relaxed) }

    /// Datagrams dropped because the backlog was full.
    var dropped: Int { droppedCount.load(ordering: .relaxed) }
}
