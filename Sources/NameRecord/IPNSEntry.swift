import Multiformats

/// The `IpnsEntry` protobuf envelope, every field optional as on the wire.
public struct IPNSEntry: Hashable, Sendable {
    /// Field 1, legacy V1 value.
    public var value: [UInt8]?
    /// Field 2, legacy V1 signature.
    public var signatureV1: [UInt8]?
    /// Field 3, 0 = EOL.
    public var validityType: UInt64?
    /// Field 4, RFC 3339 EOL.
    public var validity: [UInt8]?
    /// Field 5.
    public var sequence: UInt64?
    /// Field 6, nanoseconds.
    public var ttl: UInt64?
    /// Field 7, the libp2p PublicKey protobuf when the name does not embed the key.
    public var pubKey: [UInt8]?
    /// Field 8, Ed25519 over `"ipns-signature:" ‖ data`.
    public var signatureV2: [UInt8]?
    /// Field 9, DAG-CBOR.
    public var data: [UInt8]?

    /// An empty entry.
    public init() {}

    /// Serializes in field-number order, as Go's protobuf does.
    public var bytes: [UInt8] {
        var w = ProtobufWriter(capacity: 160 + (value?.count ?? 0) * 2 + (data?.count ?? 0))
        if let value { w.writeBytes(field: 1, value) }
        if let signatureV1 { w.writeBytes(field: 2, signatureV1) }
        if let validityType { w.writeVarint(field: 3, validityType) }
        if let validity { w.writeBytes(field: 4, validity) }
        if let sequence { w.writeVarint(field: 5, sequence) }
        if let ttl { w.writeVarint(field: 6, ttl) }
        if let pubKey { w.writeBytes(field: 7, pubKey) }
        if let signatureV2 { w.writeBytes(field: 8, signatureV2) }
        if let data { w.writeBytes(field: 9, data) }
        return w.bytes
    }

    /// Parses strictly: known fields must have their wire type and appear at most once; unknown
    /// fields are skipped (forward compatibility), malformed varints and truncation are errors.
    public init(bytes: [UInt8]) throws(RecordError) {
        var reader = ProtobufReader(bytes)
        var seen = Set<UInt64>()
        do {
            while let (field, value) = try reader.next() {
                if field <= 9 {
                    guard seen.insert(field).inserted else {
                        throw RecordError(.malformedRecord, "protobuf field \(field) appears more than once")
                    }
                }
                switch (field, value) {
                case (1, .bytes(let b)): self.value = b
                case (2, .bytes(let b)): self.signatureV1 = b
                case (3, .varint(let v)): self.validityType = v
                case (4, .bytes(let b)): self.validity = b
                case (5, .varint(let v)): self.sequence = v
                case (6, .varint(let v)): self.ttl = v
                case (7, .bytes(let b)): self.pubKey = b
                case (8, .bytes(let b)): self.signatureV2 = b
                case (9, .bytes(let b)): self.data = b
                case (1...9, _): throw RecordError(.malformedRecord, "protobuf field \(field) has the wrong wire type")
                default: continue
                }
            }
        } catch let error as RecordError {
            throw error
        } catch let error as MultiformatsError {
            throw RecordError(.malformedRecord, "malformed protobuf: \(error.reason)")
        } catch {
            throw RecordError(.malformedRecord, "malformed protobuf")
        }
    }
}
