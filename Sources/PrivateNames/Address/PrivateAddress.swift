import NameKeys
import NameRecord

/// The shareable form of a private name: the owner's name and the label in one Bech32m string,
/// `ipnspriv1…` (about 70 characters plus 1.6 per label byte).
///
/// Bech32m makes it copy-pasteable and unambiguous (lowercase, no `1 b i o` look-alikes in the
/// data, never mixed case, double-click selects all of it) and checksummed (any error in up to four
/// characters is detected). The data is `0x00` (version) ‖ the owner's 32-byte Ed25519 key ‖ the
/// label's UTF-8 bytes. Anyone holding the address can read the private name; nobody without it can
/// find or link its records.
public struct PrivateAddress: Hashable, Sendable, CustomStringConvertible {
    /// The human-readable prefix (Bech32m HRP).
    public static let prefix = "ipnspriv"
    /// The only layout version namectl reads and writes.
    static let version: UInt8 = 0
    /// No valid address is longer (prefix, separator, 96 bytes of data, checksum).
    static let maxLength = 200

    /// The owner's (public) name.
    public let owner: Name
    /// The label.
    public let label: PrivateLabel
    /// The blinded key, `h·A`: the records are signed with its secret and stored under its name.
    public let blindedKey: PublicKey
    /// The name the records are stored and looked up under: the blinded key's name. It reveals
    /// neither the owner nor the label.
    public let blindedName: Name

    /// The private name for `owner` and `label`.
    /// - Throws: `unblindableKey` when `owner` does not embed an Ed25519 key of prime order.
    public init(owner: Name, label: PrivateLabel) throws(PrivateNameError) {
        guard let key = owner.embeddedKey else {
            throw PrivateNameError(.unblindableKey, "\(owner) does not embed its key (only Ed25519 names can have private names)")
        }
        self.owner = owner
        self.label = label
        self.blindedKey = try key.blinded(label: label)
        self.blindedName = Name(publicKey: blindedKey)
    }

    /// Parses a private address (either case).
    /// - Throws: `addressChecksum` when a character was mistyped, lost or swapped; `invalidAddress`
    ///   for anything else that is not an address; `invalidLabel` / `unblindableKey` for a
    ///   well-formed address whose contents are unusable.
    public init(_ text: String) throws(PrivateNameError) {
        if (try? Name(text)) != nil {
            throw PrivateNameError(.invalidAddress, "'\(text)' is a public name, not a private address (those start with '\(Self.prefix)1')")
        }
        let decoded: (prefix: String, bytes: [UInt8])
        do {
            decoded = try Bech32m.decode(text, maxLength: Self.maxLength)
        } catch {
            switch error {
            case .checksum(let suspect):
                let hint = suspect.map { " (probably the character at position \($0))" } ?? ""
                throw PrivateNameError(.addressChecksum, "'\(text)' fails its checksum: a character was mistyped, lost or swapped\(hint)")
            case .malformed(let why):
                throw PrivateNameError(.invalidAddress, "'\(text)' is not a private address: \(why)")
            }
        }
        guard decoded.prefix == Self.prefix else {
            throw PrivateNameError(.invalidAddress, "'\(text)' is not a private address: it starts with '\(decoded.prefix)1', not '\(Self.prefix)1'")
        }
        let bytes = decoded.bytes
        guard bytes.first == Self.version else {
            throw PrivateNameError(.invalidAddress, "'\(text)' is a private address of unknown version \(bytes.first.map(String.init) ?? "none")")
        }
        guard bytes.count > 1 + 32 else { throw PrivateNameError(.invalidAddress, "'\(text)' is too short to hold a key and a label") }
        let labelBytes = Array(bytes[33...])
        guard let labelText = String(validating: labelBytes, as: UTF8.self) else {
            throw PrivateNameError(.invalidAddress, "the label in '\(text)' is not UTF-8")
        }
        let label = try PrivateLabel(labelText)
        guard label.bytes == labelBytes else {
            throw PrivateNameError(.invalidAddress, "the label in '\(text)' is not in Unicode normal form C")
        }
        let key: PublicKey
        do { key = try PublicKey(ed25519: Array(bytes[1..<33])) } catch {
            throw PrivateNameError(.invalidAddress, "the owner key in '\(text)' is malformed")
        }
        try self.init(owner: Name(publicKey: key), label: label)
    }

    /// Whether `text` starts like a private address (`ipnspriv1`, either case): worth parsing as one.
    /// Allocation-free: the resolver asks this of every path it is given.
    @inlinable
    public static func looksLikeAddress(_ text: some StringProtocol) -> Bool {
        var characters = text.utf8.makeIterator()
        for expected in prefix.utf8 {
            guard let c = characters.next() else { return false }
            let lower = c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") ? c + 32 : c
            guard lower == expected else { return false }
        }
        return characters.next() == UInt8(ascii: "1")
    }

    /// The address text, lowercase `ipnspriv1…`.
    public var description: String {
        Bech32m.encode(prefix: Self.prefix, bytes: [Self.version] + owner.embeddedKey!.data + label.bytes)
    }

    /// The real value of a private record that `RecordValidator` verified for `blindedName` (the
    /// resolver does that).
    /// - Throws: `decryptionFailed` when the record was verified for another name, or its value was
    ///   not sealed for this owner and label, or was altered; `malformedPrivateValue` for an unknown
    ///   inner layout.
    public func value(of verified: VerifiedRecord) throws(PrivateNameError) -> [UInt8] {
        guard verified.name == blindedName else {
            throw PrivateNameError(.decryptionFailed, "the record was verified for \(verified.name), not for this address's blinded name \(blindedName)")
        }
        return try PrivateValue.open(verified.record.value ?? [], owner: owner.embeddedKey!, label: label, blindedKey: blindedKey)
    }
}
