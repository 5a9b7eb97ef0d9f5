/// A strict DAG-CBOR reader for the IPNS `data` map.
///
/// Rejects indefinite lengths, non-minimal integer and length encodings, non-text map keys,
/// duplicate keys, tags other than 42, simple values other than false/true/null, non-64-bit
/// floats, nesting deeper than 32, and anything that runs past the input.
struct DagCBORReader {
    enum Item {
        case unsigned(UInt64)
        case negative(UInt64)
        case bytes([UInt8])
        case text([UInt8])
        case other
    }

    private let input: [UInt8]
    private(set) var offset = 0
    static let maxDepth = 32

    init(_ input: [UInt8]) { self.input = input }

    var isAtEnd: Bool { offset == input.count }

    private func fail(_ reason: String) -> RecordError {
        RecordError(.invalidData, "DAG-CBOR: \(reason) at byte \(offset)")
    }

    /// Reads an item header: major type and argument, enforcing minimal encoding.
    mutating func header() throws(RecordError) -> (major: UInt8, info: UInt8, value: UInt64) {
        guard offset < input.count else { throw fail("unexpected end of input") }
        let initial = input[offset]
        offset += 1
        let major = initial >> 5
        let info = initial & 0x1f
        let value: UInt64
        switch info {
        case 0..<24:
            value = UInt64(info)
        case 24, 25, 26, 27:
            let width = 1 << Int(info - 24)
            guard input.count - offset >= width else { throw fail("truncated integer") }
            var v: UInt64 = 0
            for i in 0..<width { v = v << 8 | UInt64(input[offset + i]) }
            offset += width
            if major != 7 {
                let minimal: Bool
                switch width {
                case 1: minimal = v >= 24
                case 2: minimal = v > 0xff
                case 4: minimal = v > 0xffff
                default: minimal = v > 0xffff_ffff
                }
                guard minimal else { throw fail("non-minimal integer encoding") }
            }
            value = v
        case 31:
            throw fail("indefinite-length items are not allowed")
        default:
            throw fail("reserved additional information \(info)")
        }
        return (major, info, value)
    }

    private mutating func take(_ count: UInt64) throws(RecordError) -> [UInt8] {
        guard count <= UInt64(input.count - offset) else { throw fail("string length \(count) runs past the input") }
        let out = Array(input[offset..<offset + Int(count)])
        offset += Int(count)
        return out
    }

    /// Reads one complete item; nested containers are validated and skipped.
    mutating func item(depth: Int = 0) throws(RecordError) -> Item {
        guard depth <= DagCBORReader.maxDepth else { throw fail("nesting deeper than \(DagCBORReader.maxDepth)") }
        let (major, info, value) = try header()
        switch major {
        case 0: return .unsigned(value)
        case 1: return .negative(value)
        case 2: return .bytes(try take(value))
        case 3:
            let text = try take(value)
            guard String(validating: text, as: UTF8.self) != nil else { throw fail("text string is not UTF-8") }
            return .text(text)
        case 4:
            for _ in 0..<value { _ = try item(depth: depth + 1) }
            return .other
        case 5:
            var seen = Set<[UInt8]>()
            for _ in 0..<value {
                guard case .text(let key) = try item(depth: depth + 1) else { throw fail("map keys must be text strings") }
                guard seen.insert(key).inserted else { throw fail("duplicate map key") }
                _ = try item(depth: depth + 1)
            }
            return .other
        case 6:
            guard value == 42 else { throw fail("tag \(value) is not allowed in DAG-CBOR") }
            guard case .bytes = try item(depth: depth + 1) else { throw fail("tag 42 must wrap a byte string") }
            return .other
        default:
            // Major 7: false, true, null, or a 64-bit float (the only float width DAG-CBOR allows).
            if info < 24 && (value == 20 || value == 21 || value == 22) { return .other }
            if info == 27 { return .other }
            throw fail("simple value or float width not allowed in DAG-CBOR")
        }
    }
}
