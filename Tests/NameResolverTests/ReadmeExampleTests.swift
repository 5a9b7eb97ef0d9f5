import DelegatedHTTP
import Foundation
import NameKeys
import NameRecord
import NameStore
import Testing
@testable import NameResolver

/// The README's library example, line for line (a temp store; nothing listens on the --api port,
/// so that source fails fast and the local answer stands).
struct ReadmeExampleTests {
    @Test func libraryExampleFromTheReadmeWorks() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("namectl-readme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)

        let key = PrivateKey.generate()                       // a keypair is a name
        let store = try NameStore(path: dir.appendingPathComponent("namectl.sqlite").path)
        let record = try NamePublisher(store: store).publish(key: key, value: "/ipfs/bafkqaddwgevxmmraojswg33smq")

        var config = ResolverConfiguration(store: store, sources: [
            LocalStoreSource(store: store),
            DelegatedHTTPSource(client: try DelegatedRoutingClient(endpoint: "http://127.0.0.1:9")),
        ])
        config.graceWindow = 0.2
        let resolver = NameResolver(config)
        let result = try await resolver.resolve(key.name.path + "/index.html")
        #expect(result.value == "/ipfs/bafkqaddwgevxmmraojswg33smq/index.html")
        #expect(result.sequence == 0)
        var streamed: [UInt64] = []
        for try await better in resolver.stream(key.name) { streamed.append(better.record.sequence!) }
        #expect(streamed == [0])

        let name = try Name(key.name.description)
        let checked = try RecordValidator.standard.validate(bytes: record.bytes, for: name, highestSeenSequence: try store.highestSeen(name))
        #expect(checked == record)
    }
}
