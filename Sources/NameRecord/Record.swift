import Multiformats
import NameKeys
import Sodium

/// A signed, versioned IPNS record: the serialized protobuf plus its decoded parts.
///
/// Decoding (`init(bytes:)`) checks only the envelope; whether the record is acceptable for a
/// name is `RecordValidator`'s job, so that tools like `namectl inspect` can show a bad record.
public struct Record: Hashable, Sendable {
    /// The maximum serialized size a record may have (10 KiB), per the IPNS spec.
    public static let maxSize = 10 * 1024
    /// The prefix signatureV2 signs before the CBOR data.
    public static let signatureV2Prefix: [UInt8] = Array("ipns-signature:".utf8)

    /// The serialized protobuf exactly as created or received.
    public let bytes: [UInt8]
    /// The decoded protobuf envelope.
    public let entry: IPNSEntry
    /// The decoded DAG-CBOR data, when `data` is present and well-formed.
    public let data: RecordData?
    /// Why `data` could not be decoded, when it is present but malformed.
    public let dataError: RecordError?

    /// Decodes a serialized record.
    /// - Throws: `recordTooLarge` above 10 KiB, `malformedRecord` for a broken protobuf envelope.
    public init(bytes: [UInt8]) throws(RecordError) {
        guard bytes.count <= Record.maxSize else {
            throw RecordError(.recordTooLarge, "record is \(bytes.count) bytes, the limit is \(Record.maxSize)")
        }
        try self.init(inspecting: bytes)
    }

    /// Decodes a serialized record of any size, for tools that show why a record is invalid
    /// (`namectl inspect`): the caller bounds what it reads, and `SizeCheck` still rejects a record
    /// above 10 KiB. Everything else should use `init(bytes:)`.
    /// - Throws: `malformedRecord` for a broken protobuf envelope.
    public init(inspecting bytes: [UInt8]) throws(RecordError) {
        let entry = try IPNSEntry(bytes: bytes)
        self.bytes = bytes
        self.entry = entry
        if let raw = entry.data, !raw.isEmpty {
            do {
                data = try RecordData(cbor: raw)
                dataError = nil
            } catch {
                data = nil
                dataError = error
            }
        } else {
            data = nil
            dataError = nil
        }
    }

    /// Records are equal when their serialized bytes are.
    public static func == (a: Record, b: Record) -> Bool { a.bytes == b.bytes }

    /// Hashes the serialized bytes.
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }

    /// Whether a non-empty signatureV2 is present.
    public var hasSignatureV2: Bool { !(entry.signatureV2?.isEmpty ?? true) }

    /// The value from the signed data, or the legacy field when there is no data.
    public var value: [UInt8]? { data?.value ?? entry.value }
    /// The sequence from the signed data, or the legacy field.
    public var sequence: UInt64? { data?.sequence ?? entry.sequence }
    /// The TTL (ns) from the signed data, or the legacy field.
    public var ttl: UInt64? { data?.ttl ?? entry.ttl }
    /// The raw validity bytes from the signed data, or the legacy field.
    public var validityBytes: [UInt8]? { data?.validity ?? entry.validity }
    /// The EOL, when the validity parses as RFC 3339.
    public var validity: Timestamp? { validityBytes.flatMap { Timestamp(rfc3339: $0) } }

    /// Creates and signs a record with both a V2 signature (over the CBOR data) and a legacy V1
    /// signature (over `value ‖ validity ‖ "EOL"`), and the legacy protobuf fields filled in, so both
    /// old and new readers accept it. Ed25519 names embed their key, so `pubKey` is omitted.
    /// - Throws: `recordTooLarge` when the value makes the record exceed 10 KiB (it appears twice).
    public static func create(key: some SigningKey, value: [UInt8], sequence: UInt64, validity: Timestamp, ttl: UInt64) throws(RecordError) -> Record {
        let validityBytes = validity.rfc3339Bytes
        let data = RecordData(value: value, validity: validityBytes, sequence: sequence, ttl: ttl)
        let cbor = data.cbor
        var entry = IPNSEntry()
        entry.value = value
        entry.signatureV1 = key.sign(value + validityBytes + Record.eolName)
        entry.validityType = 0
        entry.validity = validityBytes
        entry.sequence = sequence
        entry.ttl = ttl
        entry.signatureV2 = key.sign(signatureV2Prefix + cbor)
        entry.data = cbor
        let bytes = entry.bytes
        guard bytes.count <= maxSize else {
            throw RecordError(.recordTooLarge, "a record with this \(value.count)-byte value would be \(bytes.count) bytes; the limit is \(maxSize)")
        }
        return Record(bytes: bytes, entry: entry, data: data)
    }

    /// The enum name "EOL" that signatureV1 covers.
    static let eolName: [UInt8] = Array("EOL".utf8)

    /// A record from parts already known to agree (used by `create`, which needs no re-parse).
    private init(bytes: [UInt8], entry: IPNSEntry, data: RecordData) {
        self.bytes = bytes
        self.entry = entry
        self.data = data
        self.dataError = nil
    }

    /// The public key that must have signed this record for `name`: the key embedded in the name,
    /// or the record's pubKey field, which must then hash to the name.
    /// - Throws: `keyMismatch`, `pubKeyInvalid`, `publicKeyMissing`, `unsupportedKeyType`.
    public func verificationKey(for name: Name) throws(RecordError) -> PublicKey {
        var fromRecord: PublicKey?
        if let raw = entry.pubKey, !raw.isEmpty {
            do {
                fromRecord = try PublicKey(protobuf: raw)
            } catch where error.code == .unsupportedKeyType {
                throw RecordError(.unsupportedKeyType, error.reason)
            } catch {
                throw RecordError(.pubKeyInvalid, "record pubKey is malformed: \(error.reason)")
            }
        }
        let key: PublicKey
        switch (name.embeddedKey, fromRecord) {
        case (let embedded?, nil):
            key = embedded
        case (let embedded?, let carried?):
            guard embedded == carried else {
                throw RecordError(.pubKeyInvalid, "record pubKey differs from the key embedded in name \(name)")
            }
            key = embedded
        case (nil, let carried?):
            guard carried.matches(name) else {
                throw RecordError(.keyMismatch, "record pubKey belongs to \(Name(publicKey: carried)), not \(name)")
            }
            key = carried
        case (nil, nil):
            throw RecordError(.publicKeyMissing, "name \(name) does not embed its key and the record carries no pubKey")
        }
        guard key.type == .ed25519 else {
            throw RecordError(.unsupportedKeyType, "\(key.type) keys cannot be verified by namectl (only Ed25519)")
        }
        return key
    }

    /// Whether the legacy V1 signature verifies under `key` (informational: never needed for validity).
    public func signatureV1Valid(key: PublicKey) -> Bool {
        guard let sig = entry.signatureV1, !sig.isEmpty else { return false }
        let typeName: [UInt8] = (entry.validityType ?? 0) == 0 ? Array("EOL".utf8) : Array(String(entry.validityType ?? 0).utf8)
        let message = (entry.value ?? []) + (entry.validity ?? []) + typeName
        return (try? key.verify(signature: sig, message: message)) ?? false
    }
}

extension PublicKey {
    /// Whether `name` is this key's peer ID, in either multihash form (identity or SHA2-256).
    func matches(_ name: Name) -> Bool {
        if name.multihash == peerIDMultihash { return true }
        guard name.multihash.code == Multihash.sha2_256 else { return false }
        return name.multihash.digest == Sodium.sha256(protobuf)
    }
}
