import PrivateNames
import Synchronization

/// Parsed private addresses by their text, each with the blinded name derived from it (a checked
/// `h·A` scalar multiplication, about two signature verifications' work), bounded in bytes (oldest
/// dropped first). Parsing and derivation are a pure function of the text, so an entry never goes
/// stale; only addresses that parsed are kept.
final class PrivateAddressMemo: Sendable {
    private let entries: Mutex<ByteBoundedMap<String, PrivateAddress>>

    /// A memo holding at most `limit` bytes (0: remembers nothing).
    init(limit: Int) { entries = Mutex(ByteBoundedMap(limit: limit)) }

    /// The address `text` parses to, derived once.
    /// - Throws: `PrivateAddress.init`'s `PrivateNameError` for text that is not a usable address.
    func address(_ text: String) throws(PrivateNameError) -> PrivateAddress {
        if let known = entries.withLock({ $0[text] }) { return known }
        let address = try PrivateAddress(text)
        entries.withLock { $0.insert(text, address, cost: 384 + 2 * text.utf8.count) }
        return address
    }

    /// Forgets every address.
    func removeAll() { entries.withLock { $0.removeAll() } }
}
