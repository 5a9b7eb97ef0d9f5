/// Bech32m (BIP 350): a human-readable prefix, the separator `1`, base-32 data in an alphabet
/// without look-alikes (no `1 b i o`), and a 6-character checksum that detects any error in up to
/// four characters. Case-insensitive, but never mixed case.
enum Bech32m {
    /// The data alphabet.
    static let alphabet = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    /// The checksum constant that distinguishes Bech32m from Bech32.
    static let constant: UInt32 = 0x2bc8_30a3
    /// The checksum's generator coefficients.
    static let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]

    /// Why a string failed to decode.
    enum Failure: Error, Equatable {
        /// A structural problem, explained.
        case malformed(String)
        /// The checksum does not match; `suspect` is the 1-based position of the one character whose
        /// replacement would make it match, when exactly one such single-character fix exists.
        case checksum(suspect: Int?)
    }

    /// Encodes `bytes` under `prefix` (lowercase).
    static func encode(prefix: String, bytes: [UInt8]) -> String {
        let hrp = Array(prefix.utf8)
        let data = regroup(bytes, from: 8, to: 5, pad: true)!
        let check = checksum(hrp: hrp, data: data)
        return prefix + "1" + String(decoding: (data + check).map { alphabet[Int($0)] }, as: UTF8.self)
    }

    /// Decodes `text`; returns the lowercase prefix and the bytes.
    static func decode(_ text: String, maxLength: Int) throws(Failure) -> (prefix: String, bytes: [UInt8]) {
        let chars = Array(text.utf8)
        guard chars.count <= maxLength else { throw .malformed("it is \(chars.count) characters long; the limit is \(maxLength)") }
        let hasLower = chars.contains { (0x61...0x7a).contains($0) }
        let hasUpper = chars.contains { (0x41...0x5a).contains($0) }
        guard !(hasLower && hasUpper) else { throw .malformed("it mixes upper and lower case") }
        let lower = chars.map { (0x41...0x5a).contains($0) ? $0 + 0x20 : $0 }
        guard let separator = lower.lastIndex(of: UInt8(ascii: "1")), separator > 0 else {
            throw .malformed("it has no '1' separating the prefix from the data")
        }
        let hrp = Array(lower[..<separator])
        if let bad = hrp.firstIndex(where: { $0 < 33 || $0 > 126 }) {
            throw .malformed("character \(bad + 1) is not printable ASCII")
        }
        var data: [UInt8] = []
        data.reserveCapacity(lower.count - separator - 1)
        for (offset, c) in lower[(separator + 1)...].enumerated() {
            guard let value = alphabet.firstIndex(of: c) else {
                let shown = c >= 33 && c <= 126 ? "'\(Character(Unicode.Scalar(c)))'" : "byte 0x\(String(c, radix: 16))"
                throw .malformed("\(shown) at position \(separator + 2 + offset) cannot occur in the data part (its alphabet has no 1, b, i, o)")
            }
            data.append(UInt8(value))
        }
        guard data.count >= 6 else { throw .malformed("the data part is shorter than its 6-character checksum") }
        guard polymod(expand(hrp) + data) == constant else {
            throw .checksum(suspect: singleSubstitution(hrp: hrp, data: data).map { separator + 2 + $0 })
        }
        guard let bytes = regroup(Array(data.dropLast(6)), from: 5, to: 8, pad: false) else {
            throw .malformed("the data part does not hold a whole number of bytes")
        }
        return (String(decoding: hrp, as: UTF8.self), bytes)
    }

    /// The 0-based data index of the only character whose replacement fixes the checksum, if unique.
    private static func singleSubstitution(hrp: [UInt8], data: [UInt8]) -> Int? {
        // prefix[i] is the checksum state before data[i]; only the tail after a change is recomputed.
        var prefix = [polymod(expand(hrp))]
        for v in data { prefix.append(step(prefix.last!, v)) }
        var found: Int?
        for i in data.indices {
            for v in 0..<UInt8(32) where v != data[i] {
                var chk = step(prefix[i], v)
                for j in (i + 1)..<data.count { chk = step(chk, data[j]) }
                if chk == constant {
                    if found != nil { return nil }
                    found = i
                }
            }
        }
        return found
    }

    private static func checksum(hrp: [UInt8], data: [UInt8]) -> [UInt8] {
        let mod = polymod(expand(hrp) + data + [0, 0, 0, 0, 0, 0]) ^ constant
        return (0..<6).map { UInt8((mod >> (5 * (5 - UInt32($0)))) & 31) }
    }

    private static func expand(_ hrp: [UInt8]) -> [UInt8] {
        hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 }
    }

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        values.reduce(1, step)
    }

    /// One step of BIP 350's checksum: feeds the 5-bit `value` into the state `chk`.
    private static func step(_ chk: UInt32, _ value: UInt8) -> UInt32 {
        let top = chk >> 25
        var next = (chk & 0x1ff_ffff) << 5 ^ UInt32(value)
        for i in 0..<5 where (top >> UInt32(i)) & 1 == 1 { next ^= generator[i] }
        return next
    }

    /// Regroups bits; `nil` when unpadded input leaves more than 4 bits or non-zero padding.
    private static func regroup(_ input: [UInt8], from: Int, to: Int, pad: Bool) -> [UInt8]? {
        var acc = 0, bits = 0
        var out: [UInt8] = []
        out.reserveCapacity(input.count * from / to + 1)
        let maxValue = (1 << to) - 1
        for v in input {
            acc = (acc << from) | Int(v)
            bits += from
            while bits >= to {
                bits -= to
                out.append(UInt8((acc >> bits) & maxValue))
            }
        }
        if pad {
            if bits > 0 { out.append(UInt8((acc << (to - bits)) & maxValue)) }
        } else if bits >= from || (acc << (to - bits)) & maxValue != 0 {
            return nil
        }
        return out
    }
}
