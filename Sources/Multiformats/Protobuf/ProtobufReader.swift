/// A strict minimal protobuf reader: varint and length-delimited fields; skips fixed32/fixed64.
///
/// Rejects overlong or non-minimal varints, truncated fields, field number 0 and the deprecated
/// group wire types, so a decoder built on it never reads past its input.
public struct ProtobufReader: Sendable {
    /// One decoded field.
    public enum Value: Sendable, Equatable {
        /// Wire type 0.
        case varint(UInt64)
        /// Wire type 2.
        case bytes([UInt8])
        /// Wire types 1 and 5 (skipped content).
        case fixed
    }

    private let input: [UInt8]
    private var offset = 0

    /// A reader over a complete message.
    public init(_ input: [UInt8]) { self.input = input }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { offset >= input.count }

    /// Reads the next field, or `nil` at the end of the message.
    public mutating func next() throws(MultiformatsError) -> (field: UInt64, value: Value)? {
        guard offset < input.count else { return nil }
        let key = try Varint.decode(input, at: &offset, maxBytes: 10)
        let field = key >> 3
        guard field != 0, field <= 0x1FFF_FFFF else { throw MultiformatsError(.invalidProtobuf, "invalid field number \(field)") }
        switch key & 7 {
        case 0:
            return (field, .varint(try Varint.decode(input, at: &offset, maxBytes: 10)))
        case 2:
            let length = try Varint.decode(input, at: &offset, maxBytes: 10)
            guard length <= UInt64(input.count - offset) else {
                throw MultiformatsError(.truncated, "field \(field) declares \(length) bytes, \(input.count - offset) remain")
            }
            let value = Array(input[offset..<offset + Int(length)])
            offset += Int(length)
            return (field, .bytes(value))
        case 1, 5:
            let width = key & 7 == 1 ? 8 : 4
            guard input.count - offset >= width else { throw MultiformatsError(.truncated, "fixed field \(field) truncated") }
            offset += width
            return (field, .fixed)
        default:
            throw MultiformatsError(.invalidProtobuf, "unsupported wire type \(key & 7) for field \(field)")
        }
    }
}
