import Foundation
import NameKeys
import NameRecord
import NamectlTestSupport
import Testing
@testable import NameDaemon

/// `namectl resolve --gateway <url>`: a trustless gateway as a record source, its answers validated.
@Suite(.serialized)
struct GatewaySourceTests {
    let key = try! PrivateKey(seed: [UInt8](repeating: 81, count: 32))

    func record(_ seq: UInt64) -> Record {
        try! Record.create(key: key, value: Array("/ipfs/bafkqaddwgevxmmraojswg33smq".utf8), sequence: seq,
                           validity: Timestamp.now().adding(nanoseconds: 7_200_000_000_000), ttl: 3_600_000_000_000)
    }

    @Test func resolveFetchesTheRecordFromAGatewayAndValidatesIt() async throws {
        let d = try await RunningDaemon.start()
        defer { d.stop() }
        #expect(try await d.request("PUT", "/routing/v1/ipns/\(key.name)", body: record(2).bytes).0 == 200)
        let home = NamectlBinary.temporaryHome("namectl-gateway-source")
        let r = try NamectlBinary.run(home: home, ["resolve", key.name.description, "--gateway", d.base, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(json?["value"] as? String == "/ipfs/bafkqaddwgevxmmraojswg33smq")
        #expect((json?["source"] as? [String: Any])?["kind"] as? String == "gateway")
        #expect(json?["sequence"] as? Int == 2)
    }

    @Test func aGatewayServingATamperedRecordIsNotBelieved() async throws {
        // A plain static file server stands in for a dishonest gateway (it ignores the query string).
        let root = NamectlBinary.temporaryHome("namectl-bad-gateway")
        try FileManager.default.createDirectory(atPath: root + "/www/ipns", withIntermediateDirectories: true)
        var tampered = record(3).entry
        tampered.signatureV2![5] ^= 0x10
        try Data(tampered.bytes).write(to: URL(fileURLWithPath: root + "/www/ipns/\(key.name)"))
        let port = Int.random(in: 30000...60000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        server.arguments = ["-m", "http.server", "--bind", "127.0.0.1", "--directory", root + "/www", "\(port)"]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        // SIGKILL: a child of the test runner may inherit an ignored SIGTERM.
        defer { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }
        var up = false
        for _ in 0..<100 where !up {
            if let probe = try? await RawConnection.open(port: port) { probe.close(); up = true } else { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(up, "python3 -m http.server did not start")
        let r = try NamectlBinary.run(home: root, ["resolve", key.name.description, "--gateway", "http://127.0.0.1:\(port)"])
        #expect(r.status == 3, "\(r.stdout) \(r.stderr)")
        #expect(r.stderr.contains("signature"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }
}
