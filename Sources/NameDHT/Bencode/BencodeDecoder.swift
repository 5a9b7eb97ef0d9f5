/// A strict bencode decoder: accepts only the canonical encoding of exactly one value.
///
/// Rejected (each with `DHTErrorCode.malformedBencode` and a precise reason): trailing data,
/// non-canonical integers (`i-0e`, `i03e`, `ie`, out of Int64 range), string lengths with leading
/// zeros or beyond the input, unsorted or duplicate dictionary keys, non-string keys, nesting deeper
/// than `maxDepth`, and truncated input. Recursion depth and work are bounded by `maxDepth` and the
/// input length, so hostile packets cannot exhaust the stack.
public struct BencodeDecoder: Sendable {
    /// The deepest list/dictionary nesting accepted.
    public let maxDepth: Int

    /// Makes a decoder. KRPC messages nest at most 3–4 levels; the default leaves room for BEP 44 values.
    public init(maxDepth: Int = 32) { self.maxDepth = maxDepth }

    /// Decodes exactly one value from `bytes`.
    public func decode(_ bytes: [UInt8]) throws(DHTError) -> Bencode {
        var parser = Parser(bytes: bytes, maxDepth: maxDepth)
        let value = try parser.value(depth: 0)
        guard parser.position == bytes.count else {
            throw DHTError(.malformedBencode, "\(bytes.count - parser.position) bytes of trailing data after the value")
        }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        let maxDepth: Int
        var position = 0

        init(bytes: [UInt8], maxDepth: Int) {
            self.bytes = bytes
            self.maxDepth = maxDepth
        }

        func fail(_ reason: String) -> DHTError { DHTError(.malformedBencode, "\(reason) at offset \(position)") }

        mutating func peek() throws(DHTError) -> UInt8 {
            guard position < bytes.count else { throw fail("unexpected end of input") }
            return bytes[position]
        }

        mutating func value(depth: Int) throws(DHTError) -> Bencode {
            let c = try peek()
            switch c {
            case UInt8(ascii: "i"):
                return .integer(try integer())
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                return .bytes(try string())
            case UInt8(ascii: "l"):
                guard depth < maxDepth else { throw fail("nesting deeper than \(maxDepth)") }
                position += 1
                var items: [Bencode] = []
                while try peek() != UInt8(ascii: "e") { items.append(try value(depth: depth + 1)) }
                position += 1
                return .list(items)
            case UInt8(ascii: "d"):
                guard depth < maxDepth else { throw fail("nesting deeper than \(maxDepth)") }
                position += 1
                var dict: [[UInt8]: Bencode] = [:]
                var previous: [UInt8]?
                while try peek() != UInt8(ascii: "e") {
                    guard case UInt8(ascii: "0")...UInt8(ascii: "9") = try peek() else { throw fail("dictionary key is not a byte string") }
                    let key = try string()
                    if let previous {
                        guard Bencode.keyOrder(previous, key) else {
                            throw fail(previous == key ? "duplicate dictionary key" : "dictionary keys not in sorted order")
                        }
                    }
                    previous = key
                    dict[key] = try value(depth: depth + 1)
                }
                position += 1
                return .dictionary(dict)
            default:
                throw fail("unexpected byte 0x\(String(c, radix: 16))")
            }
        }

        mutating func integer() throws(DHTError) -> Int64 {
            position += 1  // "i"
            var negative = false
            if try peek() == UInt8(ascii: "-") { negative = true; position += 1 }
            let start = position
            var magnitude: UInt64 = 0
            while let d = try digit() {
                let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(UInt64(d))
                guard !o1, !o2 else { throw fail("integer out of range") }
                magnitude = s
            }
            let count = position - start
            guard count > 0 else { throw fail("integer without digits") }
            guard try peek() == UInt8(ascii: "e") else { throw fail("integer not terminated by 'e'") }
            if count > 1, bytes[start] == UInt8(ascii: "0") { throw fail("integer with leading zero") }
            if negative, magnitude == 0 { throw fail("negative zero") }
            position += 1
            if negative {
                guard magnitude <= UInt64(Int64.max) + 1 else { throw fail("integer out of range") }
                return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
            }
            guard magnitude <= UInt64(Int64.max) else { throw fail("integer out of range") }
            return Int64(magnitude)
        }

        mutating func string() throws(DHTError) -> [UInt8] {
            let start = position
            var length = 0
            while let d = try digit() {
                guard position - start <= 9 else { throw fail("string length too long") }
                length = length * 10 + d
            }
            if position - start > 1, bytes[start] == UInt8(ascii: "0") { throw fail("string length with leading zero") }
            guard try peek() == UInt8(ascii: ":") else { throw fail("string length not followed by ':'") }
            position += 1
            guard length <= bytes.count - position else { throw fail("string of \(length) bytes runs past the end of input") }
            let s = Array(bytes[position..<position + length])
            position += length
            return s
        }

        /// Consumes and returns one ASCII digit, or `nil` (without consuming) for a non-digit.
        mutating func digit() throws(DHTError) -> Int? {
            let c = try peek()
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
            position += 1
            return Int(c - UInt8(ascii: "0"))
        }
    }
}
