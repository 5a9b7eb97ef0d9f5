import NameKeys
import Sodium

/// A BEP 44 mutable item: a value signed by an Ed25519 key, versioned by `sequence`, stored in the
/// DHT under the target SHA-1(publicKey ‖ salt).
public struct MutableItem: Hashable, Sendable {
    /// The largest bencoded value BEP 44 allows (1000 bytes).
    public static let maxValueSize = 1000
    /// The largest salt BEP 44 allows (64 bytes).
    public static let maxSaltSize = 64

    /// The 32-byte Ed25519 public key (`k`).
    public let publicKey: [UInt8]
    /// The salt (empty: none).
    public let salt: [UInt8]
    /// The sequence number (`seq`).
    public let sequence: Int64
    /// The value (`v`), any bencoded type.
    public let value: Bencode
    /// The 64-byte Ed25519 signature (`sig`).
    public let signature: [UInt8]

    /// Assembles an item from its parts without verifying the signature (see `verify()`).
    /// - Throws: `valueTooLarge`, `saltTooLarge`, `invalidSignature` (wrong key/signature length).
    public init(publicKey: [UInt8], salt: [UInt8], sequence: Int64, value: Bencode, signature: [UInt8]) throws(DHTError) {
        try MutableItem.checkBounds(salt: salt, value: value)
        guard publicKey.count == 32, signature.count == 64 else {
            throw DHTError(.invalidSignature, "key must be 32 bytes and signature 64, got \(publicKey.count) and \(signature.count)")
        }
        self.publicKey = publicKey
        self.salt = salt
        self.sequence = sequence
        self.value = value
        self.signature = signature
    }

    /// Signs `value` under `key` for `salt` and `sequence`.
    /// - Throws: `valueTooLarge` when `value` bencodes to more than 1000 bytes, `saltTooLarge`.
    public static func sign(value: Bencode, salt: [UInt8], sequence: Int64, key: some SigningKey) throws(DHTError) -> MutableItem {
        try checkBounds(salt: salt, value: value)
        let message = signable(salt: salt, sequence: sequence, encodedValue: value.encoded)
        return try MutableItem(publicKey: key.publicKey.data, salt: salt, sequence: sequence, value: value, signature: key.sign(message))
    }

    private static func checkBounds(salt: [UInt8], value: Bencode) throws(DHTError) {
        guard salt.count <= maxSaltSize else {
            throw DHTError(.saltTooLarge, "salt is \(salt.count) bytes, BEP 44 allows \(maxSaltSize)")
        }
        let size = value.encoded.count
        guard size <= maxValueSize else {
            throw DHTError(.valueTooLarge, "value bencodes to \(size) bytes, BEP 44 allows \(maxValueSize)")
        }
    }

    /// The bytes BEP 44 signs: `4:salt<len>:<salt>` (only with a salt) `3:seqi<seq>e1:v<bencoded v>`.
    public static func signable(salt: [UInt8], sequence: Int64, encodedValue: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(encodedValue.count + salt.count + 32)
        if !salt.isEmpty {
            out.append(contentsOf: Array("4:salt".utf8))
            Bencode.appendString(salt, to: &out)
        }
        out.append(contentsOf: Array("3:seqi\(sequence)e1:v".utf8))
        out.append(contentsOf: encodedValue)
        return out
    }

    /// The bytes this item's signature covers.
    public var signable: [UInt8] { MutableItem.signable(salt: salt, sequence: sequence, encodedValue: value.encoded) }

    /// The DHT target, SHA-1(publicKey ‖ salt).
    public var target: NodeID { NodeID.target(publicKey: publicKey, salt: salt) }

    /// Whether the signature verifies under `publicKey`.
    public func verify() -> Bool {
        Sodium.ed25519Verify(signature: signature, message: signable, publicKey: publicKey)
    }
}
