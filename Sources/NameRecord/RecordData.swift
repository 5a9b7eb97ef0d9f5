/// The signed DAG-CBOR `data` map of an IPNS record (what signatureV2 covers).
public struct RecordData: Hashable, Sendable {
    /// The content path, usually UTF-8 like `/ipfs/bafy…`, but any bytes are allowed.
    public let value: [UInt8]
    /// The RFC 3339 EOL as raw bytes.
    public let validity: [UInt8]
    /// 0 = EOL, the only defined type.
    public let validityType: UInt64
    /// The record's version; higher wins.
    public let sequence: UInt64
    /// How long resolvers may cache the record, in nanoseconds.
    public let ttl: UInt64
    /// Whether the map's keys were in DAG-CBOR canonical order (namectl accepts either; see README).
    public let canonicalKeyOrder: Bool
    /// Keys beyond the five IPNS ones (allowed: they are covered by the signature).
    public let extraKeys: [String]

    /// The five-field map namectl signs.
    public init(value: [UInt8], validity: [UInt8], validityType: UInt64 = 0, sequence: UInt64, ttl: UInt64) {
        self.value = value
        self.validity = validity
        self.validityType = validityType
        self.sequence = sequence
        self.ttl = ttl
        self.canonicalKeyOrder = true
        self.extraKeys = []
    }

    static let ttlKey = Array("TTL".utf8)
    static let valueKey = Array("Value".utf8)
    static let sequenceKey = Array("Sequence".utf8)
    static let validityKey = Array("Validity".utf8)
    static let validityTypeKey = Array("ValidityType".utf8)

    /// Canonical DAG-CBOR: keys ordered by length then bytes: TTL, Value, Sequence, Validity, ValidityType.
    public var cbor: [UInt8] {
        var w = DagCBORWriter(capacity: 64 + value.count + validity.count)
        w.mapHeader(5)
        w.textString(RecordData.ttlKey); w.unsigned(ttl)
        w.textString(RecordData.valueKey); w.byteString(value)
        w.textString(RecordData.sequenceKey); w.unsigned(sequence)
        w.textString(RecordData.validityKey); w.byteString(validity)
        w.textString(RecordData.validityTypeKey); w.unsigned(validityType)
        return w.bytes
    }

    /// Decodes the `data` field strictly.
    /// - Throws: `invalidData` for malformed DAG-CBOR, a missing or mistyped IPNS key, or trailing bytes.
    public init(cbor bytes: [UInt8]) throws(RecordError) {
        var r = DagCBORReader(bytes)
        let (major, _, count) = try r.header()
        guard major == 5 else { throw RecordError(.invalidData, "data is not a CBOR map") }
        var value: [UInt8]?, validity: [UInt8]?, validityType: UInt64?, sequence: UInt64?, ttl: UInt64?
        var extra: [String] = []
        var extraSeen = Set<[UInt8]>()
        var previous: [UInt8]?
        var canonical = true
        for _ in 0..<count {
            guard case .text(let key) = try r.item(depth: 1) else { throw RecordError(.invalidData, "data map key is not a text string") }
            if let previous, !(previous.count < key.count || (previous.count == key.count && previous.lexicographicallyPrecedes(key))) {
                canonical = false
            }
            previous = key
            let item = try r.item(depth: 1)
            func wrongType(_ expected: String) -> RecordError {
                RecordError(.invalidData, "data key '\(String(decoding: key, as: UTF8.self))' must be \(expected)")
            }
            func duplicate() -> RecordError {
                RecordError(.invalidData, "duplicate key '\(String(decoding: key, as: UTF8.self))' in data")
            }
            switch key {
            case RecordData.valueKey:
                guard value == nil else { throw duplicate() }
                guard case .bytes(let b) = item else { throw wrongType("a byte string") }
                value = b
            case RecordData.validityKey:
                guard validity == nil else { throw duplicate() }
                guard case .bytes(let b) = item else { throw wrongType("a byte string") }
                validity = b
            case RecordData.validityTypeKey:
                guard validityType == nil else { throw duplicate() }
                guard case .unsigned(let u) = item else { throw wrongType("an unsigned integer") }
                validityType = u
            case RecordData.sequenceKey:
                guard sequence == nil else { throw duplicate() }
                guard case .unsigned(let u) = item else { throw wrongType("an unsigned integer") }
                sequence = u
            case RecordData.ttlKey:
                guard ttl == nil else { throw duplicate() }
                guard case .unsigned(let u) = item else { throw wrongType("an unsigned integer") }
                ttl = u
            default:
                guard extraSeen.insert(key).inserted else { throw duplicate() }
                extra.append(String(decoding: key, as: UTF8.self))
            }
        }
        guard r.isAtEnd else { throw RecordError(.invalidData, "\(bytes.count - r.offset) trailing bytes after the data map") }
        guard let value, let validity, let validityType, let sequence, let ttl else {
            let missing = [("Value", value == nil), ("Validity", validity == nil), ("ValidityType", validityType == nil),
                           ("Sequence", sequence == nil), ("TTL", ttl == nil)].filter(\.1).map(\.0)
            throw RecordError(.invalidData, "data map lacks \(missing.joined(separator: ", "))")
        }
        self.value = value
        self.validity = validity
        self.validityType = validityType
        self.sequence = sequence
        self.ttl = ttl
        self.canonicalKeyOrder = canonical
        self.extraKeys = extra
    }
}
