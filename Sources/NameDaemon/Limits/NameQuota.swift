import NameKeys
import NameStore
import Synchronization

/// The cap on names the daemon stores. Names it already holds are always accepted; a new name
/// takes a slot. The count is read from the store at first use and again whenever the cap seems
/// reached, so slots taken by PUTs that then failed are given back.
final class NameQuota: Sendable {
    let limit: Int
    private let held = Mutex<Int?>(nil)

    init(limit: Int) { self.limit = limit }

    /// Whether a record for a name may be stored; `isNew` says the store has never seen the name.
    func admit(isNew: Bool, store: NameStore) throws(StoreError) -> Bool {
        guard isNew else { return true }
        let fast: Bool? = held.withLock { value in
            guard let count = value, count < limit else { return nil }
            value = count + 1
            return true
        }
        if let fast { return fast }
        let count = try store.names().count
        return held.withLock { value in
            value = count < limit ? count + 1 : count
            return count < limit
        }
    }
}
