import Foundation
import NameKeys
import Sodium

/// The labels this home publishes privately, kept so that a daemon holding the owner's key can
/// keep the private names alive (re-sign them before they expire) without being told the labels.
///
/// One file per (owner, label) in `directory` (0700; files 0600, written atomically):
/// `<tag>.label` holding `0x01 ‖ nonce (24) ‖ XChaCha20-Poly1305(label ‖ 0x80 ‖ zeros)`, the label
/// padded to 64 bytes so every file has the same size, with the owner's public key as associated
/// data. The key is `HKDF(salt "namectl-private-label-book", owner's seed, owner's public key)` and
/// the file name is the first 16 bytes of `HMAC-SHA-256(that key, label)` in hex, so the labels are
/// exactly as protected as the owner's key file: without the key, the directory shows only how many
/// private labels this home keeps, not whose or which.
public struct PrivateLabelBook: Sendable {
    /// The directory holding the sealed labels.
    public let directory: String
    static let version: UInt8 = 1
    static let suffix = ".label"
    /// Every label is padded to this many bytes before sealing (the longest label is 63).
    static let paddedSize = PrivateLabel.maxBytes + 1

    /// A book kept in `directory` (created on the first `keep`).
    public init(directory: String) { self.directory = directory }

    /// Keeps `label` of `owner` (idempotent: the same label always maps to the same file).
    /// - Throws: `storageError` when the file cannot be written.
    public func keep(_ label: PrivateLabel, owner: PrivateKey) throws(PrivateNameError) {
        let key = Self.key(owner)
        let file = path(Self.tag(label, key))
        // Already kept (every publish of the label lands here): no write, no fsync.
        if let held = (try? AtomicFile.read(file, limit: 1024)) ?? nil, Self.open(held, owner: owner.publicKey, key: key) == label { return }
        let nonce = Sodium.randomBytes(Sodium.aeadNonceBytes)
        var padded = label.bytes + [0x80]
        padded += repeatElement(0, count: Self.paddedSize - padded.count)
        defer { Sodium.memzero(&padded) }
        let sealed = [Self.version] + nonce + Sodium.aeadSeal(padded, additionalData: owner.publicKey.data, nonce: nonce, key: key)
        do {
            try AtomicFile.ensureDirectory(directory)
            try AtomicFile.write(sealed, to: file)
        } catch {
            throw PrivateNameError(.storageError, "cannot keep a private label in \(directory): \(error.reason)")
        }
    }

    /// Stops keeping `label` of `owner`. Returns whether it was kept.
    /// - Throws: `storageError` when the file cannot be removed.
    @discardableResult
    public func forget(_ label: PrivateLabel, owner: PrivateKey) throws(PrivateNameError) -> Bool {
        let file = path(Self.tag(label, Self.key(owner)))
        guard FileManager.default.fileExists(atPath: file) else { return false }
        do { try FileManager.default.removeItem(atPath: file) } catch {
            throw PrivateNameError(.storageError, "cannot remove \(file): \(error.localizedDescription)")
        }
        AtomicFile.syncDirectory(directory)
        return true
    }

    /// The labels kept for `owner`, sorted. Files sealed for other owners (or damaged) are skipped.
    /// - Throws: `storageError` when the directory exists but cannot be read.
    public func labels(owner: PrivateKey) throws(PrivateNameError) -> [PrivateLabel] {
        let key = Self.key(owner)
        return try sealedFiles().compactMap { Self.open($0, owner: owner.publicKey, key: key) }.sorted { $0.text < $1.text }
    }

    /// The private names kept for any of `owners`: what a daemon re-signs. Unreadable files are skipped.
    public func privateNames(owners: [PrivateKey]) -> [PrivateNameKey] {
        guard let files = try? sealedFiles(), !files.isEmpty else { return [] }
        var out: [PrivateNameKey] = []
        for owner in owners {
            let key = Self.key(owner)
            for file in files {
                if let label = Self.open(file, owner: owner.publicKey, key: key) { out.append(PrivateNameKey(owner: owner, label: label)) }
            }
        }
        return out
    }

    private func path(_ tag: String) -> String { "\(directory)/\(tag)\(Self.suffix)" }

    /// The contents of every `*.label` file (a missing directory is an empty book).
    private func sealedFiles() throws(PrivateNameError) -> [[UInt8]] {
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw PrivateNameError(.storageError, "cannot list \(directory): \(error.localizedDescription)")
        }
        return names.filter { $0.hasSuffix(Self.suffix) }.sorted().compactMap { try? AtomicFile.read("\(directory)/\($0)", limit: 1024) ?? nil }
    }

    private static func open(_ sealed: [UInt8], owner: PublicKey, key: SecretBytes) -> PrivateLabel? {
        let header = 1 + Sodium.aeadNonceBytes
        guard sealed.count > header + Sodium.aeadTagBytes, sealed[0] == version else { return nil }
        let nonce = Array(sealed[1..<header])
        guard let opened = Sodium.aeadOpen(Array(sealed[header...]), additionalData: owner.data, nonce: nonce, key: key) else { return nil }
        let text: String? = opened.withUnsafeBytes { plain in
            guard let end = plain.lastIndex(where: { $0 != 0 }), plain[end] == 0x80 else { return nil }
            return String(validating: plain[..<end], as: UTF8.self)
        }
        return text.flatMap { try? PrivateLabel($0) }
    }

    /// The book key of `owner`.
    private static func key(_ owner: PrivateKey) -> SecretBytes {
        var raw = owner.withSeed { Sodium.hkdfSHA512SHA256(salt: Array("namectl-private-label-book".utf8), ikm: $0, info: owner.publicKey.data, count: 32) }
        return SecretBytes(consuming: &raw)
    }

    /// The file name of `label` under `key`: a keyed hash, so equal labels of one owner share a file.
    private static func tag(_ label: PrivateLabel, _ key: SecretBytes) -> String {
        Sodium.hmacSHA256(key: key, message: label.bytes).withUnsafeBytes { $0.prefix(16).map { String(format: "%02x", $0) }.joined() }
    }
}
