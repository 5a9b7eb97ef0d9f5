/// Multibase: self-describing base encodings (a one-character prefix names the base).
public enum Multibase: Character, CaseIterable, Sendable {
    /// RFC 4648 base16, lowercase (`f`).
    case base16 = "f"
    /// RFC 4648 base32, lowercase, no padding (`b`).
    case base32 = "b"
    /// RFC 4648 base32, uppercase, no padding (`B`).
    case base32Upper = "B"
    /// base36, lowercase (`k`), the canonical form of IPNS names.
    case base36 = "k"
    /// base36, uppercase (`K`).
    case base36Upper = "K"
    /// Bitcoin base58 (`z`).
    case base58btc = "z"
    /// RFC 4648 base64, no padding (`m`).
    case base64 = "m"
    /// RFC 4648 base64url, no padding (`u`).
    case base64url = "u"
    /// RFC 4648 base64url with padding (`U`).
    case base64urlPad = "U"

    /// Encodes `bytes` with this base, prefix included.
    public func encode(_ bytes: [UInt8]) -> String {
        String(rawValue) + encodeBare(bytes)
    }

    /// Encodes `bytes` without the prefix character.
    public func encodeBare(_ bytes: [UInt8]) -> String {
        switch self {
        case .base16: return BaseN.rfc4648(bytes, alphabet: BaseN.base16Lower, bitsPerChar: 4, pad: false)
        case .base32: return BaseN.rfc4648(bytes, alphabet: BaseN.base32Lower, bitsPerChar: 5, pad: false)
        case .base32Upper: return BaseN.rfc4648(bytes, alphabet: BaseN.base32Upper, bitsPerChar: 5, pad: false)
        case .base36: return BaseN.bigBase(bytes, alphabet: BaseN.base36Lower)
        case .base36Upper: return BaseN.bigBase(bytes, alphabet: BaseN.base36Upper)
        case .base58btc: return BaseN.bigBase(bytes, alphabet: BaseN.base58)
        case .base64: return BaseN.rfc4648(bytes, alphabet: BaseN.base64Std, bitsPerChar: 6, pad: false)
        case .base64url: return BaseN.rfc4648(bytes, alphabet: BaseN.base64URL, bitsPerChar: 6, pad: false)
        case .base64urlPad: return BaseN.rfc4648(bytes, alphabet: BaseN.base64URL, bitsPerChar: 6, pad: true)
        }
    }

    /// Decodes a string without the prefix character.
    /// - Throws: `MultiformatsError` with `.invalidCharacter` or `.invalidPadding`.
    public func decodeBare(_ text: Substring) throws(MultiformatsError) -> [UInt8] {
        let chars = Array(text.utf8)
        switch self {
        case .base16: return try BaseN.rfc4648Decode(chars, alphabet: BaseN.base16Lower, bitsPerChar: 4, padded: false, caseInsensitive: true)
        case .base32: return try BaseN.rfc4648Decode(chars, alphabet: BaseN.base32Lower, bitsPerChar: 5, padded: false, caseInsensitive: false)
        case .base32Upper: return try BaseN.rfc4648Decode(chars, alphabet: BaseN.base32Upper, bitsPerChar: 5, padded: false, caseInsensitive: false)
        case .base36: return try BaseN.bigBaseDecode(chars, alphabet: BaseN.base36Lower)
        case .base36Upper: return try BaseN.bigBaseDecode(chars, alphabet: BaseN.base36Upper)
        case .base58btc: return try BaseN.bigBaseDecode(chars, alphabet: BaseN.base58)
        case .base64: return try BaseN.rfc4648Decode(chars, alphabet: BaseN.base64Std, bitsPerChar: 6, padded: false, caseInsensitive: false)
        case .base64url: return try BaseN.rfc4648Decode(chars, alphabet: BaseN.base64URL, bitsPerChar: 6, padded: false, caseInsensitive: false)
        case .base64urlPad: return try BaseN.rfc4648Decode(chars, alphabet: BaseN.base64URL, bitsPerChar: 6, padded: true, caseInsensitive: false)
        }
    }

    /// Decodes a multibase string, returning the base it used and the bytes.
    /// - Throws: `.empty`, `.unsupportedMultibase`, `.invalidCharacter`, `.invalidPadding`.
    public static func decode(_ text: String) throws(MultiformatsError) -> (base: Multibase, bytes: [UInt8]) {
        guard let first = text.first else { throw MultiformatsError(.empty, "empty multibase string") }
        guard let base = Multibase(rawValue: first) else {
            throw MultiformatsError(.unsupportedMultibase, "unsupported multibase prefix '\(first)'")
        }
        return (base, try base.decodeBare(text.dropFirst()))
    }
}
