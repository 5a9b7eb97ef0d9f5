import ArgumentParser
import Foundation
import NameKeys
import NameRecord
import NameResolver
import NameStore

struct KeyRotate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Move a name to a new key without breaking it: the new name gets the old name's value, then the old name points to /ipns/<new name>.",
        discussion: """
            1. The old name's current value is resolved (local store, then every --api and --dht given).
            2. A new key is made and that value is published under it, to the same transports.
            3. Only then does the old name get a forwarding record pointing to /ipns/<new name>,
               so a resolver of the old name gets the same final answer before, during and after.
            A name that never had a record only gets the forwarding record.
            Example: namectl key rotate blog blog-2026 --api http://127.0.0.1:8080
            (the old key is kept; remove it with `key rm` when done)
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var passphrase: PassphraseOptions
    @OptionGroup var network: NetworkOptions
    @Argument(help: "Label of the key to retire.") var label: String
    @Argument(help: "Label for the new key.") var newLabel: String
    @Option(help: "Lifetime of the forwarding record (default: 365d).", transform: DurationOption.parser(GoDuration.lifetimeRange))
    var lifetime = DurationOption(nanoseconds: 365 * 86_400_000_000_000, text: "365d")
    @Option(name: .customLong("value-lifetime"), help: "Lifetime of the new name's record, the carried-over value (default: 48h).",
            transform: DurationOption.parser(GoDuration.lifetimeRange))
    var valueLifetime = DurationOption(nanoseconds: 48 * 3_600_000_000_000, text: "48h")

    func run() async throws {
        let ctx = CLIContext(global, passphrase: passphrase, command: "key")
        let (oldEntry, oldKey) = try ctx.loadKey(label)
        do { try Keystore.validate(label: newLabel) } catch { throw CLIError(error) }
        guard (try? ctx.keystore.entry(newLabel)) == nil else { throw CLIError("a key named '\(newLabel)' already exists", .keyError) }
        let store = try ctx.openStore()
        let node = try await network.dhtNode(store: store, ctx: ctx)
        let amino = try network.aminoSource(ctx: ctx)
        do {
            try await rotate(ctx, store: store, node: node, amino: amino, oldEntry: oldEntry, oldKey: oldKey)
        } catch {
            await network.finish(node, store: store, amino: amino)
            throw error
        }
        await network.finish(node, store: store, amino: amino)
    }

    private func rotate(_ ctx: CLIContext, store: NameStore, node: DHTSource?, amino: AminoSource?, oldEntry: KeyEntry, oldKey: PrivateKey) async throws {
        let current = try await currentRecord(of: oldEntry.name, store: store, node: node, amino: amino)
        let carried = current.map { String(decoding: $0.value ?? [], as: UTF8.self) }
        let newKey = PrivateKey.generate()
        let newEntry: KeyEntry
        do { newEntry = try ctx.keystore.add(newKey, label: newLabel, passphrase: try ctx.newKeyPassphrase()) } catch let e as KeystoreError {
            throw CLIError(e)
        }
        let publisher = NamePublisher(store: store, transports: try network.transports(dht: node, amino: amino), transportTimeout: max(network.sourceTimeout, 10))
        var newSequence: UInt64?
        if let carried, let current {
            let options = PublishOptions(lifetime: valueLifetime.nanoseconds, ttl: current.ttl ?? PublishOptions().ttl)
            let report = try await publish(publisher, key: newKey, value: carried, options: options,
                                           failure: "the new name \(newEntry.name) could not be published, so \(oldEntry.name) was left unchanged "
                                               + "(key '\(newLabel)' was created: publish it with `namectl publish \(newLabel) \(carried)`, then rotate by publishing \(newEntry.name.path) under '\(label)')")
            newSequence = report.record.sequence
        }
        let forward = try await publish(publisher, key: oldKey, value: newEntry.name.path, options: PublishOptions(lifetime: lifetime.nanoseconds),
                                        failure: "\(newEntry.name) holds the value, but \(oldEntry.name) could not be pointed at it")
        if global.json {
            ctx.printJSON(["old": oldEntry.name.description, "new": newEntry.name.description, "sequence": forward.record.sequence,
                           "value": carried.map { $0 as Any } ?? NSNull(), "newSequence": newSequence.map { $0 as Any } ?? NSNull()])
        } else {
            print("new key \(newLabel): \(newEntry.name)")
            if let carried { print("\(newEntry.name) → \(carried) (sequence \(newSequence ?? 0))") }
            print("\(oldEntry.name) now points to \(newEntry.name.path) (sequence \(forward.record.sequence))")
        }
    }

    /// The old name's best valid record from the store and the sources given; `nil` when it never had one.
    private func currentRecord(of name: Name, store: NameStore, node: DHTSource?, amino: AminoSource?) async throws(CLIError) -> NameRecord.Record? {
        let resolver = NameResolver(try network.resolverConfiguration(store: store, dht: node, amino: amino))
        do {
            return try await resolver.record(for: name, options: ResolveOptions(noCache: true)).record
        } catch {
            if error.code == .notFound { return nil }
            throw CLIError("cannot find the current value of \(name), so nothing was changed: \(error.reason)", CLIError(error).exitCode)
        }
    }

    private func publish(_ publisher: NamePublisher, key: PrivateKey, value: String, options: PublishOptions, failure: String) async throws(CLIError) -> PublishReport {
        do {
            return try await publisher.publishEverywhere(key: key, value: value, options: options)
        } catch let shortfall as NamePublisher.TransportShortfall {
            throw CLIError("\(failure): \(shortfall.description)", .networkError)
        } catch {
            throw CLIError.from(error)
        }
    }
}
