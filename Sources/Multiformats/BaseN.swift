/// Alphabet-driven encoders shared by `Multibase` (RFC 4648 bit-packing and big-number bases).
enum BaseN {
    static let base16Lower = Array("0123456789abcdef".utf8)
    static let base32Lower = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)
    static let base32Upper = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)
    static let base36Lower = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
    static let base36Upper = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
    static let base58 = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
    static let base64Std = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    static let base64URL = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Reverse lookup table: byte → digit value, 0xff when not in the alphabet.
    static func table(_ alphabet: [UInt8], caseInsensitive: Bool = false) -> [UInt8] {
        var t = [UInt8](repeating: 0xff, count: 256)
        for (i, c) in alphabet.enumerated() {
            t[Int(c)] = UInt8(i)
            if caseInsensitive {
                if c >= 97 && c <= 122 { t[Int(c - 32)] = UInt8(i) }
                if c >= 65 && c <= 90 { t[Int(c + 32)] = UInt8(i) }
            }
        }
        return t
    }

    static func rfc4648(_ bytes: [UInt8], alphabet: [UInt8], bitsPerChar: Int, pad: Bool) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 8 / bitsPerChar + 4)
        var buffer: UInt32 = 0
        var bits = 0
        let mask = UInt32((1 << bitsPerChar) - 1)
        for b in bytes {
            buffer = (buffer << 8) | UInt32(b)
            bits += 8
            while bits >= bitsPerChar {
                bits -= bitsPerChar
                out.append(alphabet[Int((buffer >> UInt32(bits)) & mask)])
            }
        }
        if bits > 0 {
            out.append(alphabet[Int((buffer << UInt32(bitsPerChar - bits)) & mask)])
        }
        if pad {
            let group = bitsPerChar == 6 ? 4 : (bitsPerChar == 5 ? 8 : 1)
            while out.count % group != 0 { out.append(UInt8(ascii: "=")) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func rfc4648Decode(_ chars: [UInt8], alphabet: [UInt8], bitsPerChar: Int, padded: Bool, caseInsensitive: Bool) throws(MultiformatsError) -> [UInt8] {
        var input = chars[...]
        if padded {
            let group = bitsPerChar == 6 ? 4 : 8
            guard chars.count % group == 0 else { throw MultiformatsError(.invalidPadding, "padded input length is not a multiple of \(group)") }
            while input.last == UInt8(ascii: "=") { input = input.dropLast() }
            if chars.count - input.count >= group { throw MultiformatsError(.invalidPadding, "too much padding") }
        }
        let t = table(alphabet, caseInsensitive: caseInsensitive)
        var out = [UInt8]()
        out.reserveCapacity(input.count * bitsPerChar / 8)
        var buffer: UInt32 = 0
        var bits = 0
        for c in input {
            let v = t[Int(c)]
            if v == 0xff {
                throw MultiformatsError(.invalidCharacter, "character '\(Character(Unicode.Scalar(c)))' is not in the alphabet")
            }
            buffer = (buffer << UInt32(bitsPerChar)) | UInt32(v)
            bits += bitsPerChar
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        // Leftover bits must be fewer than one character's worth and all zero (canonical encoding).
        if bits >= bitsPerChar || (buffer & ((1 << UInt32(bits)) - 1)) != 0 {
            throw MultiformatsError(.invalidPadding, "non-canonical trailing bits")
        }
        return out
    }

    /// Big-number base conversion (base36, base58): leading zero bytes become leading zero digits.
    static func bigBase(_ bytes: [UInt8], alphabet: [UInt8]) -> String {
        let base = UInt32(alphabet.count)
        var zeros = 0
        while zeros < bytes.count && bytes[zeros] == 0 { zeros += 1 }
        var digits = [UInt8]() // little-endian base-N digits
        digits.reserveCapacity(bytes.count * 2)
        for b in bytes[zeros...] {
            var carry = UInt32(b)
            for j in 0..<digits.count {
                carry += UInt32(digits[j]) << 8
                digits[j] = UInt8(carry % base)
                carry /= base
            }
            while carry > 0 {
                digits.append(UInt8(carry % base))
                carry /= base
            }
        }
        var out = [UInt8](repeating: alphabet[0], count: zeros)
        out.reserveCapacity(zeros + digits.count)
        for d in digits.reversed() { out.append(alphabet[Int(d)]) }
        return String(decoding: out, as: UTF8.self)
    }

    static func bigBaseDecode(_ chars: [UInt8], alphabet: [UInt8]) throws(MultiformatsError) -> [UInt8] {
        let base = UInt32(alphabet.count)
        let t = table(alphabet)
        var zeros = 0
        while zeros < chars.count && chars[zeros] == alphabet[0] { zeros += 1 }
        var bytes = [UInt8]() // little-endian base-256
        bytes.reserveCapacity(chars.count)
        for c in chars[zeros...] {
            let v = t[Int(c)]
            if v == 0xff {
                throw MultiformatsError(.invalidCharacter, "character '\(Character(Unicode.Scalar(c)))' is not in the alphabet")
            }
            var carry = UInt32(v)
            for j in 0..<bytes.count {
                carry += UInt32(bytes[j]) * base
                bytes[j] = UInt8(truncatingIfNeeded: carry)
                carry >>= 8
            }
            while carry > 0 {
                bytes.append(UInt8(truncatingIfNeeded: carry))
                carry >>= 8
            }
        }
        return [UInt8](repeating: 0, count: zeros) + bytes.reversed()
    }
}
