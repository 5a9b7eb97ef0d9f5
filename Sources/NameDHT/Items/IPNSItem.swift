import NameKeys
import NameRecord

/// How namectl carries an IPNS record in a BEP 44 mutable item: `k` = the name's Ed25519 key,
/// `salt` = the 4 bytes `ipns`, `seq` = the record's sequence, `v` = the serialized record as a
/// bencoded byte string, signed with the same key.
public enum IPNSItem {
    /// The salt that separates IPNS items from other items under the same key (e.g. Pkarr packets).
    public static let salt: [UInt8] = Array("ipns".utf8)

    /// The BEP 44 target for `name`: SHA-1(key ‖ "ipns").
    /// - Throws: `unsupportedName` when the name does not embed an Ed25519 key.
    public static func target(for name: Name) throws(DHTError) -> NodeID {
        NodeID.target(publicKey: try publicKey(of: name), salt: salt)
    }

    /// The raw Ed25519 key embedded in `name`.
    public static func publicKey(of name: Name) throws(DHTError) -> [UInt8] {
        guard let key = name.embeddedKey, key.type == .ed25519 else {
            throw DHTError(.unsupportedName, "\(name) does not embed an Ed25519 key, so it has no BEP 44 address")
        }
        return key.data
    }

    /// Wraps a signed record in an item signed by `key`.
    /// - Throws: `valueTooLarge` when the bencoded record exceeds 1000 bytes, `invalidRecord` when the
    ///   record is not valid for `key`'s name (the DHT must never carry what resolvers will refuse),
    ///   `sequenceOutOfRange` above Int64.max.
    public static func make(record: Record, key: some SigningKey) throws(DHTError) -> MutableItem {
        do {
            try RecordValidator.standard.validate(record, for: key.name)
        } catch {
            throw DHTError(.invalidRecord, "refusing to publish a record that is not valid for \(key.name): \(error.reason)")
        }
        guard let seq = record.sequence, let sequence = Int64(exactly: seq) else {
            throw DHTError(.sequenceOutOfRange, "record sequence \(record.sequence ?? 0) does not fit BEP 44's int64 seq")
        }
        return try MutableItem.sign(value: .bytes(record.bytes), salt: salt, sequence: sequence, key: key)
    }

    /// Checks an item found for `name` and returns the record inside.
    ///
    /// Order: BEP 44 signature and key/salt/target, then the IPNS record itself (decoded and validated
    /// for `name` at `context.now`), then agreement of record sequence and item `seq`.
    /// - Throws: `invalidSignature`, `invalidRecord`, `sequenceMismatch`.
    public static func record(from item: MutableItem, for name: Name, now: Timestamp = .now()) throws(DHTError) -> Record {
        guard item.publicKey == (try publicKey(of: name)), item.salt == salt else {
            throw DHTError(.invalidSignature, "item key or salt does not belong to \(name)'s IPNS slot")
        }
        guard item.verify() else { throw DHTError(.invalidSignature, "BEP 44 signature does not verify for \(name)") }
        return try record(fromVerified: item, for: name, now: now)
    }

    /// The IPNS half of `record(from:for:now:)`, for an item whose key, salt and BEP 44 signature were
    /// already checked (the lookup verifies every item before its caller's check runs).
    static func record(fromVerified item: MutableItem, for name: Name, now: Timestamp = .now()) throws(DHTError) -> Record {
        guard case .bytes(let bytes) = item.value else {
            throw DHTError(.invalidRecord, "item value is not a byte string")
        }
        let record: Record
        do {
            record = try Record(bytes: bytes)
            try RecordValidator.standard.validate(record, in: ValidationContext(name: name, now: now))
        } catch {
            throw DHTError(.invalidRecord, "IPNS record in the item is invalid (\(error.code.rawValue)): \(error.reason)")
        }
        guard let seq = record.sequence, Int64(exactly: seq) == item.sequence else {
            throw DHTError(.sequenceMismatch, "record sequence \(record.sequence.map(String.init) ?? "none") differs from item seq \(item.sequence)")
        }
        return record
    }
}
