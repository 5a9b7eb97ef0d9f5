import ArgumentParser
import Foundation
import NameKeys
import Sodium

struct KeyImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a key exported by Kubo (`ipfs key export`) or namectl.",
        discussion: "Example: namectl key import blog blog.key   (format detected: protobuf or PEM)"
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var passphrase: PassphraseOptions
    @Argument(help: "Label for the imported key.") var label: String
    @Argument(help: "Key file.") var file: String
    @Option(help: "Force a format instead of detecting it.") var format: KeyFormat?

    func run() async throws {
        let ctx = CLIContext(global, passphrase: passphrase, command: "key")
        do { try Keystore.validate(label: label) } catch { throw CLIError(error) }
        let read: [UInt8]?
        do { read = try AtomicFile.read(file, limit: 64 * 1024) } catch { throw CLIError("cannot read \(file): \(error.reason)", .invalidInput) }
        guard var bytes = read else { throw CLIError("\(file) does not exist", .notFound) }
        defer { Sodium.memzero(&bytes) }
        let privateKey: PrivateKey
        do { privateKey = try KeyFile.import(bytes, format: format) } catch {
            throw CLIError("\(file): \(error.reason)", error.code == .unsupportedKeyType ? .keyError : .invalidInput)
        }
        let entry: KeyEntry
        do { entry = try ctx.keystore.add(privateKey, label: label, passphrase: try ctx.newKeyPassphrase()) } catch let e as KeystoreError {
            throw CLIError(e)
        }
        if global.json { ctx.printJSON(KeyList.json(entry)) } else { print(entry.name) }
    }
}
