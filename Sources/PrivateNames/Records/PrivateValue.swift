import NameKeys
import Sodium

/// The encrypted `Value` of a private record: `nonce (24) ‖ XChaCha20-Poly1305(plaintext) ‖ tag (16)`.
///
/// - Key: `HKDF-Expand(HKDF-Extract("ipns-xchacha-ctx-key", A), label, 32)` (RFC 9498's HKDF, with
///   A the owner's public key), so only someone who knows both the owner's name and the label can read it.
/// - Nonce: random for every record (XChaCha's 24 bytes make collisions negligible).
/// - Associated data: the blinded public key, binding the ciphertext to the name it is published under.
/// - Plaintext: `0x01` (format version) ‖ the real value ‖ `0x80` ‖ zero bytes up to a multiple of
///   64, so storage nodes learn the value's length only to within 64 bytes.
public enum PrivateValue {
    /// The inner format version namectl writes.
    static let version: UInt8 = 1
    /// Plaintexts are padded to a multiple of this many bytes.
    public static let padding = 64
    /// Bytes added around the padded plaintext: nonce and tag.
    public static let overhead = Sodium.aeadNonceBytes + Sodium.aeadTagBytes

    /// Encrypts `value` for the private name (`owner`, `label`) published under `blindedKey`.
    public static func seal(_ value: [UInt8], owner: PublicKey, label: PrivateLabel, blindedKey: PublicKey) -> [UInt8] {
        let paddedCount = (value.count + 2 + padding - 1) / padding * padding
        var plaintext = [UInt8]()
        plaintext.reserveCapacity(paddedCount)
        plaintext.append(version)
        plaintext.append(contentsOf: value)
        plaintext.append(0x80)
        plaintext.append(contentsOf: repeatElement(0, count: paddedCount - plaintext.count))
        defer { Sodium.memzero(&plaintext) }
        let nonce = Sodium.randomBytes(Sodium.aeadNonceBytes)
        return nonce + Sodium.aeadSeal(plaintext, additionalData: blindedKey.data, nonce: nonce, key: key(owner: owner, label: label))
    }

    /// Decrypts a private record's value.
    /// - Throws: `decryptionFailed` when the bytes were not sealed for (`owner`, `label`, `blindedKey`)
    ///   or were altered; `malformedPrivateValue` when they decrypt to an unknown layout.
    public static func open(_ sealed: [UInt8], owner: PublicKey, label: PrivateLabel, blindedKey: PublicKey) throws(PrivateNameError) -> [UInt8] {
        guard sealed.count >= overhead + 2 else {
            throw PrivateNameError(.decryptionFailed, "the record's value (\(sealed.count) bytes) is too short to be a private value")
        }
        let nonce = Array(sealed.prefix(Sodium.aeadNonceBytes))
        let ciphertext = Array(sealed.dropFirst(Sodium.aeadNonceBytes))
        guard let opened = Sodium.aeadOpen(ciphertext, additionalData: blindedKey.data, nonce: nonce, key: key(owner: owner, label: label)) else {
            throw PrivateNameError(.decryptionFailed, "the record's value does not decrypt with this owner and label (altered, or not a private record)")
        }
        let inner: Inner = opened.withUnsafeBytes { plain in
            guard plain.first == version else { return .unknownVersion(plain.first) }
            guard let end = plain.lastIndex(where: { $0 != 0 }), end > 0, plain[end] == 0x80 else { return .badPadding }
            return .value(Array(plain[1..<end]))
        }
        switch inner {
        case .value(let value):
            return value
        case .unknownVersion(let v):
            throw PrivateNameError(.malformedPrivateValue, "unknown private value format \(v.map(String.init) ?? "(empty)")")
        case .badPadding:
            throw PrivateNameError(.malformedPrivateValue, "the private value's padding is malformed")
        }
    }

    /// What a decrypted plaintext holds.
    private enum Inner {
        case value([UInt8])
        case unknownVersion(UInt8?)
        case badPadding
    }

    /// The value key for (`owner`, `label`).
    static func key(owner: PublicKey, label: PrivateLabel) -> SecretBytes {
        var raw = Sodium.hkdfSHA512SHA256(salt: Array("ipns-xchacha-ctx-key".utf8), ikm: owner.data, info: label.bytes, count: 32)
        return SecretBytes(consuming: &raw)
    }
}
