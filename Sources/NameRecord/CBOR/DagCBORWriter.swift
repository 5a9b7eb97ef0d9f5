/// A minimal DAG-CBOR writer: definite lengths and the shortest integer encodings only.
struct DagCBORWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func header(major: UInt8, _ value: UInt64) {
        let m = major << 5
        switch value {
        case 0..<24: bytes.append(m | UInt8(value))
        case 24..<0x100: bytes.append(m | 24); bytes.append(UInt8(value))
        case 0x100..<0x10000:
            bytes.append(m | 25)
            bytes.append(UInt8(value >> 8)); bytes.append(UInt8(truncatingIfNeeded: value))
        case 0x10000..<0x1_0000_0000:
            bytes.append(m | 26)
            for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
        default:
            bytes.append(m | 27)
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
        }
    }

    mutating func unsigned(_ v: UInt64) { header(major: 0, v) }

    mutating func byteString(_ b: [UInt8]) {
        header(major: 2, UInt64(b.count))
        bytes.append(contentsOf: b)
    }

    mutating func textString(_ utf8: [UInt8]) {
        header(major: 3, UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    mutating func mapHeader(_ count: Int) { header(major: 5, UInt64(count)) }
}
