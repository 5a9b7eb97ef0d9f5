import ArgumentParser
import Foundation
import NameKeys
import Sodium

extension KeyFormat: ExpressibleByArgument {}

struct KeyExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a key UNENCRYPTED, in a format Kubo's `ipfs key import` reads.",
        discussion: "Example: namectl key export blog -o blog.key --format pem-pkcs8-cleartext"
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var passphrase: PassphraseOptions
    @Argument(help: "Key label or name.") var key: String
    @Option(name: .shortAndLong, help: "Output file (created with mode 0600; never overwritten).") var output: String?
    @Option(help: "libp2p-protobuf-cleartext (default) or pem-pkcs8-cleartext.") var format: KeyFormat = .libp2pProtobuf

    func run() async throws {
        let ctx = CLIContext(global, passphrase: passphrase, command: "key")
        let (entry, privateKey) = try ctx.loadKey(key)
        var bytes = KeyFile.export(privateKey, format: format)
        defer { Sodium.memzero(&bytes) }
        if let output {
            do { try AtomicFile.create(bytes, at: output) } catch {
                throw CLIError(error.errno == EEXIST ? "\(output) exists; not overwritten" : "cannot write \(output): \(error.reason)",
                               error.errno == EEXIST ? .invalidInput : .stateError)
            }
            FileHandle.standardError.write(Data("exported \(entry.label) (\(entry.name)) to \(output), unencrypted\n".utf8))
        } else {
            guard format == .pemPKCS8 || isatty(STDOUT_FILENO) == 0 else {
                throw CLIError("refusing to write a binary key to a terminal: use -o <file> or --format pem-pkcs8-cleartext", .invalidInput)
            }
            FileHandle.standardOutput.write(Data(bytes))
        }
    }
}
