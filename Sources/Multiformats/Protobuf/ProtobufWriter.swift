/// A minimal protobuf writer: just the wire types namectl's messages use (varint, length-delimited).
public struct ProtobufWriter: Sendable {
    /// The encoded message so far.
    public private(set) var bytes: [UInt8] = []

    /// An empty writer.
    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Writes a varint field (wire type 0).
    public mutating func writeVarint(field: UInt64, _ value: UInt64) {
        Varint.encode(field << 3, into: &bytes)
        Varint.encode(value, into: &bytes)
    }

    /// Writes a length-delimited bytes field (wire type 2).
    public mutating func writeBytes(field: UInt64, _ value: [UInt8]) {
        Varint.encode(field << 3 | 2, into: &bytes)
        Varint.encode(UInt64(value.count), into: &bytes)
        bytes.append(contentsOf: value)
    }
}
