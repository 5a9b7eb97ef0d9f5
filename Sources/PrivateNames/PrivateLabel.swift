import Foundation

/// The label of a private name (`friends` in `namectl publish blog … --label friends`): any
/// Unicode text of 1–63 UTF-8 bytes without control characters, normalised to NFC so that the
/// same visible label derives the same key however it was typed.
///
/// The label is a secret shared with the readers: together with the owner's name it derives the
/// blinded key and the value key, and it never leaves the resolver.
public struct PrivateLabel: Hashable, Sendable, CustomStringConvertible {
    /// The longest label, in UTF-8 bytes (a DNS label's limit, as in RFC 9498).
    public static let maxBytes = 63

    /// The NFC-normalised label.
    public let text: String

    /// Validates and normalises `text`.
    /// - Throws: `invalidLabel` when it is empty, longer than 63 UTF-8 bytes, or holds control characters.
    public init(_ text: String) throws(PrivateNameError) {
        // ASCII text is already in NFC: skip Foundation's normaliser for the common case.
        let normalised = text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCanonicalMapping
        let bytes = normalised.utf8.count
        guard bytes > 0 else { throw PrivateNameError(.invalidLabel, "a private label cannot be empty") }
        guard bytes <= Self.maxBytes else {
            throw PrivateNameError(.invalidLabel, "a private label is at most \(Self.maxBytes) UTF-8 bytes; this one is \(bytes)")
        }
        if let bad = normalised.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
            throw PrivateNameError(.invalidLabel, "a private label cannot hold control character U+\(String(bad.value, radix: 16, uppercase: true))")
        }
        self.text = normalised
    }

    /// The label's UTF-8 bytes, as they enter the key derivations.
    public var bytes: [UInt8] { Array(text.utf8) }

    public var description: String { text }
}
