import Foundation
import Logging
import NameKeys
import NameRecord
import NameResolver
import NameStore
import PrivateNames
import Sodium

/// What a command needs from the environment: the data directory, keystore, store, passphrase.
struct CLIContext {
    let global: GlobalOptions
    let passphraseOptions: PassphraseOptions?
    let logger: Logger

    init(_ global: GlobalOptions, passphrase: PassphraseOptions? = nil, command: String) {
        self.global = global
        self.passphraseOptions = passphrase
        self.logger = global.logger(command)
    }

    var home: String { global.homeDirectory }
    var keystore: Keystore { Keystore(directory: home + "/keys") }
    /// The private labels this home publishes, sealed per owner, for the daemon's republisher.
    var labelBook: PrivateLabelBook { PrivateLabelBook(directory: home + "/private-labels") }

    /// Opens (creating) the local database: one connection for a command, a pool for the daemon.
    func openStore(sharing: StoreSharing = .single) throws(CLIError) -> NameStore {
        do {
            try AtomicFile.ensureDirectory(home)
        } catch {
            throw CLIError("cannot use data directory \(home): \(error.reason)", .stateError)
        }
        do {
            let store = try NameStore(path: home + "/namectl.sqlite", sharing: sharing)
            logger.debug("opened store", metadata: ["path": "\(store.path)"])
            return store
        } catch {
            throw CLIError(error)
        }
    }

    /// The passphrase for a new key: `--insecure-no-passphrase`, `--passphrase-file`,
    /// `NAMECTL_PASSPHRASE`, or a prompt (asked twice) on a terminal.
    func newKeyPassphrase() throws(CLIError) -> Passphrase {
        if passphraseOptions?.insecureNoPassphrase == true { return .insecureNone }
        if let p = try configuredPassphrase() { return p }
        guard isatty(STDIN_FILENO) == 1 else {
            throw CLIError("a passphrase is required to encrypt the key: set NAMECTL_PASSPHRASE, use --passphrase-file, or --insecure-no-passphrase", .keyError)
        }
        let first = try prompt("New passphrase: ")
        let second = try prompt("Repeat passphrase: ")
        guard first == second else { throw CLIError("passphrases do not match", .keyError) }
        return .text(first)
    }

    /// The passphrase to unlock an existing key.
    func existingKeyPassphrase(label: String) throws(CLIError) -> Passphrase {
        if let p = try configuredPassphrase() { return p }
        guard isatty(STDIN_FILENO) == 1 else {
            throw CLIError("key '\(label)' is encrypted: set NAMECTL_PASSPHRASE or use --passphrase-file", .keyError)
        }
        return .text(try prompt("Passphrase for '\(label)': "))
    }

    /// The passphrase from `--passphrase-file` or `NAMECTL_PASSPHRASE`, without prompting.
    func configuredPassphraseIfAny() throws(CLIError) -> Passphrase? { try configuredPassphrase() }

    private func configuredPassphrase() throws(CLIError) -> Passphrase? {
        if let file = passphraseOptions?.passphraseFile {
            guard var bytes = try? AtomicFile.read(file, limit: 4096) else {
                throw CLIError("cannot read passphrase file \(file)", .keyError)
            }
            defer { Sodium.memzero(&bytes) }
            var line = Array(bytes.prefix { $0 != 0x0a })
            if line.last == 0x0d { line.removeLast() }
            guard !line.isEmpty else { throw CLIError("passphrase file \(file) is empty", .keyError) }
            return .secret(SecretBytes(consuming: &line))
        }
        if let env = ProcessInfo.processInfo.environment["NAMECTL_PASSPHRASE"], !env.isEmpty {
            return .text(env)
        }
        return nil
    }

    private func prompt(_ text: String) throws(CLIError) -> String {
        guard let raw = getpass(text) else { throw CLIError("no passphrase entered", .keyError) }
        let value = String(cString: raw)
        memset(raw, 0, strlen(raw))
        guard !value.isEmpty else { throw CLIError("empty passphrase", .keyError) }
        return value
    }

    /// Finds a key by label, or by the name it controls.
    func keyEntry(_ keyOrName: String) throws(CLIError) -> KeyEntry {
        do {
            if (try? Keystore.validate(label: keyOrName)) != nil, let entry = try? keystore.entry(keyOrName) {
                return entry
            }
            if let name = try? Name(keyOrName), let entry = try keystore.entry(for: name) {
                return entry
            }
            return try keystore.entry(keyOrName)
        } catch {
            throw CLIError(error)
        }
    }

    /// Decrypts the key `keyOrName` (label or name), asking for a passphrase only when it is encrypted.
    func loadKey(_ keyOrName: String) throws(CLIError) -> (KeyEntry, PrivateKey) {
        let entry = try keyEntry(keyOrName)
        let passphrase: Passphrase = entry.encrypted ? try existingKeyPassphrase(label: entry.label) : .insecureNone
        do {
            let key = try keystore.load(entry.label, passphrase: passphrase)
            logger.debug("unlocked key", metadata: ["label": "\(entry.label)", "name": "\(entry.name)"])
            return (entry, key)
        } catch {
            throw CLIError(error)
        }
    }

    /// Prints a JSON object (sorted keys, no escaped slashes).
    func printJSON(_ object: Any) { CLIContext.printJSON(object) }

    /// Prints a JSON object (sorted keys, no escaped slashes), without a context.
    static func printJSON(_ object: Any) {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        print(String(decoding: data, as: UTF8.self))
    }
}
