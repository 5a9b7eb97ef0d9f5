import Foundation
import NameKeys
import NameRecord
import Testing
@testable import NameDaemon

/// Runs schemathesis (a schema-based fuzzer, PyPI) against a running daemon with the API
/// description in `examples/openapi.yaml`: a bounded number of generated requests per operation,
/// no 5xx, and every status, content type, header and body as described.
@Suite(.serialized)
struct OpenAPITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func schemathesisFindsNoServerErrorsAndNoResponseOutsideTheDescription() async throws {
        let key = try PrivateKey(seed: [UInt8](repeating: 71, count: 32))
        let d = try await RunningDaemon.start { $0.putRate = 1000; $0.putBurst = 1000 }
        defer { d.stop() }
        let record = try Record.create(key: key, value: Array("/ipfs/bafkqaddwgevxmmraojswg33smq".utf8), sequence: 1,
                                       validity: Timestamp.now().adding(nanoseconds: 7_200_000_000_000), ttl: 3_600_000_000_000)
        #expect(try await d.request("PUT", "/routing/v1/ipns/\(key.name)", body: record.bytes).0 == 200)

        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["st", "run", Self.root.appendingPathComponent("examples/openapi.yaml").path, "--url", d.base,
                       "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance",
                       "--max-examples", "15", "--seed", "1", "--workers", "2", "--request-timeout", "10", "--max-time", "30", "--no-color"]
        var environment = ProcessInfo.processInfo.environment
        environment["SCHEMATHESIS_HOOKS"] = nil
        p.environment = environment
        // schemathesis keeps a `.schemathesis` example database in its working directory.
        p.currentDirectoryURL = FileManager.default.temporaryDirectory
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = waitCollecting(p, output: out, seconds: 120)
        #expect(p.terminationStatus == 0, "schemathesis failed:\n\(text.suffix(6000))")
        #expect(text.contains("passed"), "\(text.suffix(2000))")
        // The daemon is still healthy and still serves the record after the fuzzing.
        #expect(try await d.request("GET", "/healthz", accept: nil).0 == 200)
        let (status, body, _) = try await d.request("GET", "/routing/v1/ipns/\(key.name)")
        #expect(status == 200)
        #expect((try? Record(bytes: body))?.sequence ?? 0 >= 1)
    }
}
