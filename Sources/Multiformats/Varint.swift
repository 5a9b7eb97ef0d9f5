/// Unsigned LEB128 varints as used by multiformats and protobuf.
public enum Varint {
    /// Appends the minimal encoding of `value` to `out`.
    @inline(__always)
    public static func encode(_ value: UInt64, into out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// The minimal encoding of `value`.
    public static func encode(_ value: UInt64) -> [UInt8] {
        var out = [UInt8]()
        encode(value, into: &out)
        return out
    }

    /// Decodes one varint starting at `offset`, advancing it.
    ///
    /// - Parameter maxBytes: 9 for multiformats (63-bit values), 10 for protobuf (64-bit).
    /// - Throws: `.truncated` when input ends, `.overlongVarint` when the encoding is longer than
    ///   `maxBytes`, overflows 64 bits, or is not minimal (a redundant trailing zero group).
    @inline(__always)
    public static func decode(_ bytes: [UInt8], at offset: inout Int, maxBytes: Int = 9) throws(MultiformatsError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var i = 0
        while true {
            guard offset < bytes.count else { throw MultiformatsError(.truncated, "varint runs past the end of input") }
            let byte = bytes[offset]
            offset += 1
            i += 1
            if i > maxBytes { throw MultiformatsError(.overlongVarint, "varint longer than \(maxBytes) bytes") }
            let part = UInt64(byte & 0x7f)
            if shift == 63 && part > 1 { throw MultiformatsError(.overlongVarint, "varint overflows 64 bits") }
            result |= part << shift
            if byte & 0x80 == 0 {
                if byte == 0 && i > 1 { throw MultiformatsError(.overlongVarint, "varint is not minimally encoded") }
                return result
            }
            shift += 7
        }
    }
}
