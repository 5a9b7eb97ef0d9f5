import Synchronization

/// How many candidate bytes one resolution may take in across all its hops and sources, so a
/// hostile source cannot make a resolution hold unbounded memory.
final class ByteBudget: Sendable {
    private let left: Mutex<Int>

    /// A budget of `bytes`.
    init(_ bytes: Int) { left = Mutex(bytes) }

    /// Takes `count` bytes; `false` (taking nothing) when fewer are left.
    func take(_ count: Int) -> Bool {
        left.withLock { l in
            guard count <= l else { return false }
            l -= count
            return true
        }
    }
}
