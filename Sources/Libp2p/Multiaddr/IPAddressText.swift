/// Text forms of IPv4 and IPv6 addresses, in Swift (no libc calls): dotted quads, and RFC 5952
/// IPv6 (lowercase, longest zero run compressed, embedded IPv4 accepted on input).
enum IPAddressText {
    /// Parses `a.b.c.d`.
    static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let value = UInt8(part),
                  part == "0" || !part.hasPrefix("0") else { return nil }
            out.append(value)
        }
        return out
    }

    /// Formats four bytes as a dotted quad.
    static func formatIPv4(_ bytes: [UInt8]) -> String {
        bytes.map(String.init).joined(separator: ".")
    }

    /// Parses an IPv6 address (with `::` and an optional trailing dotted quad).
    static func parseIPv6(_ text: Substring) -> [UInt8]? {
        guard text.count <= 45, !text.isEmpty else { return nil }
        var head: [UInt16] = []
        var tail: [UInt16] = []
        let chars = Array(text)
        var halves: [String] = []
        var current = ""
        var i = 0
        while i < chars.count {
            if chars[i] == ":" && i + 1 < chars.count && chars[i + 1] == ":" {
                halves.append(current)
                current = ""
                i += 2
            } else {
                current.append(chars[i])
                i += 1
            }
        }
        halves.append(current)
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String, allowIPv4: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (i, piece) in pieces.enumerated() {
                if i == pieces.count - 1, allowIPv4, piece.contains(".") {
                    guard let v4 = parseIPv4(piece) else { return nil }
                    out.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                    out.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                    continue
                }
                guard (1...4).contains(piece.count), let value = UInt16(piece, radix: 16) else { return nil }
                out.append(value)
            }
            return out
        }
        if halves.count == 2 {
            guard let h = groups(halves[0], allowIPv4: false), let t = groups(halves[1], allowIPv4: true), h.count + t.count <= 7 else { return nil }
            head = h
            tail = t
        } else {
            guard let all = groups(halves[0], allowIPv4: true), all.count == 8 else { return nil }
            head = all
        }
        let words = head + [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
        return words.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
    }

    /// Formats sixteen bytes per RFC 5952.
    static func formatIPv6(_ bytes: [UInt8]) -> String {
        let words = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
        var bestStart = -1, bestLength = 0, i = 0
        while i < 8 {
            if words[i] == 0 {
                var j = i
                while j < 8 && words[j] == 0 { j += 1 }
                if j - i > bestLength && j - i >= 2 { bestStart = i; bestLength = j - i }
                i = j
            } else {
                i += 1
            }
        }
        func hex(_ range: Range<Int>) -> String { range.map { String(words[$0], radix: 16) }.joined(separator: ":") }
        guard bestStart >= 0 else { return hex(0..<8) }
        return hex(0..<bestStart) + "::" + hex(bestStart + bestLength..<8)
    }
}
