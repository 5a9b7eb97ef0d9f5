import Foundation
import Multiformats
import Sodium

/// The on-disk keystore: one JSON file per key under `<home>/keys`, 0600 in a 0700 directory,
/// written atomically and never overwritten by `generate`/`import`/`rename`.
public struct Keystore: Sendable {
    /// The `keys` directory.
    public let directory: String
    /// Argon2id ops limit for new files (default: libsodium's MODERATE).
    public let opsLimit: UInt64
    /// Argon2id memory limit for new files (default: libsodium's MODERATE, 256 MiB).
    public let memLimit: Int

    /// A keystore in `directory` (created with mode 0700 on first write).
    public init(directory: String, opsLimit: UInt64 = Sodium.pwhashOpsLimitModerate, memLimit: Int = Sodium.pwhashMemLimitModerate) {
        self.directory = directory
        self.opsLimit = opsLimit
        self.memLimit = memLimit
    }

    /// Checks a label is a safe file name.
    public static func validate(label: String) throws(KeystoreError) {
        let ok = !label.isEmpty && label.utf8.count <= 64 && !label.hasPrefix(".")
            && label.utf8.allSatisfy { c in
                (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x2d || c == 0x2e || c == 0x5f
            }
        guard ok else {
            throw KeystoreError(.invalidLabel, "invalid key label '\(label)': use 1–64 of A-Z a-z 0-9 . _ - (not starting with '.')")
        }
    }

    private func path(_ label: String) -> String { "\(directory)/\(label).key" }

    /// Generates a new key under `label`.
    @discardableResult
    public func generate(label: String, passphrase: Passphrase) throws(KeystoreError) -> KeyEntry {
        try add(PrivateKey.generate(), label: label, passphrase: passphrase)
    }

    /// Stores `key` under a new `label`.
    /// - Throws: `keyExists` (nothing is overwritten), `invalidLabel`, `io`.
    @discardableResult
    public func add(_ key: PrivateKey, label: String, passphrase: Passphrase) throws(KeystoreError) -> KeyEntry {
        try Keystore.validate(label: label)
        let created = Int64(Date().timeIntervalSince1970)
        var cleartext = KeyFile.export(key, format: .libp2pProtobuf)
        defer { Sodium.memzero(&cleartext) }
        let name = key.name.description
        var envelope = KeyFileEnvelope(format: KeyFileEnvelope.currentFormat, name: name, created: created, kdf: nil, nonce: nil, key: "")
        switch passphrase {
        case .insecureNone:
            envelope.key = Multibase.base64.encodeBare(cleartext)
        case .secret(let pw):
            let salt = Sodium.randomBytes(Sodium.pwhashSaltBytes)
            guard let derived = pw.withUnsafeBytes({ Sodium.argon2id(passphrase: Array($0), salt: salt, opsLimit: opsLimit, memLimit: memLimit) }) else {
                throw KeystoreError(.io, "Argon2id key derivation failed (not enough memory?)")
            }
            let nonce = Sodium.randomBytes(Sodium.aeadNonceBytes)
            let sealed = Sodium.aeadSeal(cleartext, additionalData: Array(name.utf8), nonce: nonce, key: derived)
            envelope.kdf = .init(algorithm: "argon2id13", opsLimit: opsLimit, memLimit: memLimit, salt: Multibase.base64.encodeBare(salt))
            envelope.nonce = Multibase.base64.encodeBare(nonce)
            envelope.key = Multibase.base64.encodeBare(sealed)
        }
        let json: Data
        do { json = try JSONEncoder().encode(envelope) } catch { throw KeystoreError(.io, "cannot encode key file: \(error)") }
        do {
            try AtomicFile.ensureDirectory(directory)
            try AtomicFile.create(Array(json) + [0x0a], at: path(label))
        } catch {
            if error.errno == EEXIST { throw KeystoreError(.keyExists, "a key named '\(label)' already exists (not overwritten)") }
            throw KeystoreError(.io, "cannot write key '\(label)': \(error)")
        }
        return KeyEntry(label: label, name: key.name, created: created, encrypted: envelope.kdf != nil)
    }

    private func envelope(_ label: String) throws(KeystoreError) -> KeyFileEnvelope {
        try Keystore.validate(label: label)
        let bytes: [UInt8]?
        do { bytes = try AtomicFile.read(path(label), limit: 64 * 1024) } catch {
            throw KeystoreError(.io, "cannot read key '\(label)': \(error)")
        }
        guard let bytes else { throw KeystoreError(.keyNotFound, "no key named '\(label)'") }
        guard let env = try? JSONDecoder().decode(KeyFileEnvelope.self, from: Data(bytes)),
              env.format == KeyFileEnvelope.currentFormat else {
            throw KeystoreError(.corruptKeyFile, "key file '\(path(label))' is damaged or not a namectl key file")
        }
        return env
    }

    /// The metadata of `label`, without decrypting.
    public func entry(_ label: String) throws(KeystoreError) -> KeyEntry {
        let env = try envelope(label)
        guard let name = try? Name(env.name) else { throw KeystoreError(.corruptKeyFile, "key file '\(path(label))' holds an invalid name") }
        return KeyEntry(label: label, name: name, created: env.created, encrypted: env.kdf != nil)
    }

    /// Every key, sorted by label. Damaged files are reported in `damaged`, not fatal.
    public func list() throws(KeystoreError) -> (keys: [KeyEntry], damaged: [String]) {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            if !FileManager.default.fileExists(atPath: directory) { return ([], []) }
            throw KeystoreError(.io, "cannot list \(directory): \(error.localizedDescription)")
        }
        var keys: [KeyEntry] = []
        var damaged: [String] = []
        Keystore.removeAbandonedTempFiles(files, in: directory)
        for file in files.sorted() where file.hasSuffix(".key") && !file.hasPrefix(".") {
            let label = String(file.dropLast(4))
            do { keys.append(try entry(label)) } catch { damaged.append(label) }
        }
        return (keys, damaged)
    }

    /// The key whose name is `name`, if the keystore has it.
    public func entry(for name: Name) throws(KeystoreError) -> KeyEntry? {
        try list().keys.first { $0.name == name }
    }

    /// Decrypts and returns the key under `label`.
    /// - Throws: `keyNotFound`, `passphraseRequired`, `wrongPassphrase`, `corruptKeyFile`.
    public func load(_ label: String, passphrase: Passphrase) throws(KeystoreError) -> PrivateKey {
        let env = try envelope(label)
        guard var stored = try? Multibase.base64.decodeBare(Substring(env.key)) else {
            throw KeystoreError(.corruptKeyFile, "key file '\(path(label))' has a malformed key field")
        }
        defer { Sodium.memzero(&stored) }
        let key: PrivateKey
        if let kdf = env.kdf {
            guard case .secret(let pw) = passphrase else {
                throw KeystoreError(.passphraseRequired, "key '\(label)' is encrypted: set NAMECTL_PASSPHRASE, use --passphrase-file, or run in a terminal")
            }
            guard kdf.algorithm == "argon2id13", let salt = try? Multibase.base64.decodeBare(Substring(kdf.salt)),
                  let nonceText = env.nonce, let nonce = try? Multibase.base64.decodeBare(Substring(nonceText)) else {
                throw KeystoreError(.corruptKeyFile, "key file '\(path(label))' has malformed encryption parameters")
            }
            guard kdf.opsLimit <= Sodium.pwhashOpsLimitSensitive, kdf.memLimit <= Sodium.pwhashMemLimitSensitive else {
                throw KeystoreError(.kdfLimitsTooHigh, "key file '\(path(label))' asks for Argon2id opslimit \(kdf.opsLimit), memlimit \(kdf.memLimit): "
                                        + "above the most allowed (\(Sodium.pwhashOpsLimitSensitive), \(Sodium.pwhashMemLimitSensitive)); refusing to run it")
            }
            guard let derived = pw.withUnsafeBytes({ Sodium.argon2id(passphrase: Array($0), salt: salt, opsLimit: kdf.opsLimit, memLimit: kdf.memLimit) }) else {
                throw KeystoreError(.corruptKeyFile, "key file '\(path(label))' has unusable Argon2id parameters")
            }
            guard let opened = Sodium.aeadOpen(stored, additionalData: Array(env.name.utf8), nonce: nonce, key: derived) else {
                throw KeystoreError(.wrongPassphrase, "wrong passphrase for key '\(label)' (or the file was tampered with)")
            }
            do { key = try opened.withUnsafeBytes { try KeyFile.import(Array($0), format: .libp2pProtobuf) } } catch {
                throw KeystoreError(.corruptKeyFile, "key '\(label)' decrypted to an invalid key")
            }
        } else {
            do { key = try KeyFile.import(stored, format: .libp2pProtobuf) } catch {
                throw KeystoreError(.corruptKeyFile, "key file '\(path(label))' holds an invalid key: \(error)")
            }
        }
        guard key.name.description == env.name else {
            throw KeystoreError(.corruptKeyFile, "key file '\(path(label))' says \(env.name) but holds the key of \(key.name)")
        }
        return key
    }

    /// Renames a key; refuses to overwrite an existing label.
    public func rename(_ label: String, to newLabel: String) throws(KeystoreError) {
        _ = try envelope(label)
        try Keystore.validate(label: newLabel)
        guard link(path(label), path(newLabel)) == 0 else {
            if errno == EEXIST { throw KeystoreError(.keyExists, "a key named '\(newLabel)' already exists (not overwritten)") }
            throw KeystoreError(.io, "cannot rename key '\(label)': \(String(cString: strerror(errno)))")
        }
        unlink(path(label))
        AtomicFile.syncDirectory(directory)
    }

    /// Deletes a key file.
    /// Works on damaged key files too, so a corrupt file can be cleaned up.
    public func remove(_ label: String) throws(KeystoreError) {
        try Keystore.validate(label: label)
        guard access(path(label), F_OK) == 0 else { throw KeystoreError(.keyNotFound, "no key named '\(label)'") }
        guard unlink(path(label)) == 0 else { throw KeystoreError(.io, "cannot remove key '\(label)': \(String(cString: strerror(errno)))") }
        AtomicFile.syncDirectory(directory)
    }

    /// Deletes temp files (`.<label>.key.tmp-<pid>-<random>`) left by writers that were killed
    /// mid-write; a file whose writer process still runs is left alone.
    static func removeAbandonedTempFiles(_ files: [String], in directory: String) {
        for file in files where file.hasPrefix(".") && file.contains(".tmp-") {
            guard let range = file.range(of: ".tmp-"),
                  let pid = Int32(file[range.upperBound...].prefix { $0 != "-" }) else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink("\(directory)/\(file)") }
        }
    }
}
