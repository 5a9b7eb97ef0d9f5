import NameKeys
import NameRecord
import Sodium
import Synchronization

/// The resolver's validator, remembering which record bytes passed it for which name, so that the
/// same stored record read again is neither decoded nor signature-checked again.
///
/// Verdicts are keyed by the SHA-256 of the bytes and used only for the same name and equal bytes:
/// a different byte string (a new version, or a tampered copy) is always validated in full. A hit
/// skips decoding and the signature check, whose verdict cannot change for the same name and bytes;
/// every other check of the validator runs again on each use (size, field agreement, validity type,
/// expiry against the current time, rollback against the highest sequence seen), so a remembered
/// record is still refused once it expires or a higher sequence has been seen. Only passes are
/// remembered, each until the record's EOL, in at most `limit` bytes (oldest dropped first).
final class VerdictMemo: Sendable {
    private struct Entry: Sendable {
        let verified: VerifiedRecord
        let eol: Timestamp
    }

    /// The full validator, for bytes without a verdict.
    let validator: RecordValidator
    /// The checks a remembered verdict still runs: all but the signature check.
    private let rechecks: [any RecordCheck]
    private let entries: Mutex<ByteBoundedMap<[UInt8], Entry>>

    /// A memo over `validator` holding at most `limit` bytes (0: remembers nothing).
    init(validator: RecordValidator, limit: Int) {
        self.validator = validator
        rechecks = validator.checks.filter { !($0 is SignatureV2Check) }
        entries = Mutex(ByteBoundedMap(limit: limit))
    }

    /// Validates `bytes` in `context`, from a remembered verdict when there is one.
    /// - Throws: the validator's `RecordError`, exactly as without the memo.
    func validate(bytes: [UInt8], in context: ValidationContext) throws(RecordError) -> VerifiedRecord {
        let digest = Sodium.sha256(bytes)
        if let known = remembered(digest, now: context.now), known.name == context.name, known.bytes == bytes {
            for check in rechecks { try check.check(known.record, in: context) }
            return known
        }
        let verified = try validator.validate(bytes: bytes, in: context)
        if let eol = verified.record.validity {
            entries.withLock { $0.insert(digest, Entry(verified: verified, eol: eol), cost: 160 + bytes.count) }
        }
        return verified
    }

    private func remembered(_ digest: [UInt8], now: Timestamp) -> VerifiedRecord? {
        entries.withLock { map in
            guard let entry = map[digest] else { return nil }
            guard now < entry.eol else {
                map.remove(digest)
                return nil
            }
            return entry.verified
        }
    }

    /// Forgets every verdict.
    func removeAll() { entries.withLock { $0.removeAll() } }

    /// How many verdicts are held.
    var count: Int { entries.withLock { $0.count } }
}
