import Foundation
import NameKeys
import NameRecord
import Testing
@testable import NameDaemon

/// Trustless-gateway record responses (IPIP-351) and the lean path's equivalence with the
/// Hummingbird routes.
@Suite(.serialized)
struct GatewayTests {
    let key = try! PrivateKey(seed: [UInt8](repeating: 61, count: 32))

    func record(_ seq: UInt64, validFor seconds: UInt64 = 7200, ttl: UInt64 = 3600) -> Record {
        try! Record.create(key: key, value: Array("/ipfs/bafkqaddwgevxmmraojswg33smq".utf8), sequence: seq,
                           validity: Timestamp.now().adding(nanoseconds: seconds * 1_000_000_000), ttl: ttl * 1_000_000_000)
    }

    func put(_ d: RunningDaemon, _ r: Record) async throws {
        #expect(try await d.request("PUT", "/routing/v1/ipns/\(key.name)", body: r.bytes).0 == 200)
    }

    @Test func recordByFormatOrAcceptWithTrustlessGatewayHeaders() async throws {
        let d = try await RunningDaemon.start()
        defer { d.stop() }
        let r = record(4)
        try await put(d, r)
        for (path, accept) in [("/ipns/\(key.name)?format=ipns-record", nil), ("/ipns/\(key.name)", "application/vnd.ipfs.ipns-record"),
                               ("/ipns/\(key.name)", "application/vnd.ipld.raw, application/vnd.ipfs.ipns-record;q=0.9")] as [(String, String?)] {
            for _ in 0..<2 { // a miss answered by Hummingbird, then a hit on the lean path
                let (status, body, headers) = try await d.request("GET", path, accept: accept)
                #expect(status == 200, "\(path) \(accept ?? "")")
                #expect(body == r.bytes)
                #expect(headers["content-type"] == "application/vnd.ipfs.ipns-record")
                #expect(headers["cache-control"] == "public, max-age=3600")
                #expect(headers["etag"] == RecordResponse.etag(r.bytes))
                #expect(headers["vary"] == "Accept")
                #expect(headers["content-disposition"] == "attachment; filename=\"\(key.name).ipns-record\"")
                #expect(headers["x-content-type-options"] == "nosniff")
            }
        }
        let (status, body, headers) = try await d.request("HEAD", "/ipns/\(key.name)?format=ipns-record")
        #expect(status == 200)
        #expect(body.isEmpty)
        #expect(headers["content-length"] == "\(r.bytes.count)")
        // JSON stays the answer for browsers and JSON clients.
        let json = try await d.request("GET", "/ipns/\(key.name)", accept: "text/html,application/xhtml+xml,*/*;q=0.8")
        #expect(json.0 == 200)
        #expect(json.2["content-type"] == "application/json")
        #expect(json.2["vary"] == "Accept")
    }

    @Test func unsupportedFormatsGet406AndRecordsHaveNoSubpath() async throws {
        let d = try await RunningDaemon.start()
        defer { d.stop() }
        try await put(d, record(1))
        #expect(try await d.request("GET", "/ipns/\(key.name)?format=car", accept: nil).0 == 406)
        #expect(try await d.request("GET", "/ipns/\(key.name)", accept: "application/vnd.ipld.car").0 == 406)
        let (status, body, headers) = try await d.request("GET", "/ipns/\(key.name)?format=raw", accept: nil)
        #expect(status == 406)
        #expect(headers["vary"] == "Accept")
        #expect(String(decoding: body, as: UTF8.self).contains("not_acceptable"))
        #expect(try await d.request("GET", "/ipns/\(key.name)/a/b?format=ipns-record", accept: nil).0 == 400)
        #expect(try await d.request("GET", "/ipns/example.com?format=ipns-record", accept: nil).0 == 400)
        let unknown = try PrivateKey(seed: [UInt8](repeating: 62, count: 32))
        #expect(try await d.request("GET", "/ipns/\(unknown.name)?format=ipns-record", accept: nil).0 == 404)
    }

    @Test func cacheControlIsCappedByTheEOLAndAnExpiredRecordIsNeverServed() async throws {
        let d = try await RunningDaemon.start()
        defer { d.stop() }
        let soon = record(1, validFor: 4, ttl: 3600)
        try await put(d, soon)
        for path in ["/routing/v1/ipns/\(key.name)", "/ipns/\(key.name)?format=ipns-record"] {
            let (status, _, headers) = try await d.request("GET", path)
            #expect(status == 200)
            let maxAge = Int(headers["cache-control"]?.split(separator: "=").last ?? "") ?? -1
            #expect((0...4).contains(maxAge))
        }
        try await Task.sleep(for: .seconds(4.5))
        for path in ["/routing/v1/ipns/\(key.name)", "/ipns/\(key.name)?format=ipns-record"] {
            let (status, body, _) = try await d.request("GET", path)
            #expect(status == 404, "\(path)")
            #expect(String(decoding: body, as: UTF8.self).contains("expired"))
        }
    }

    /// Splits raw HTTP/1.1 responses (all with Content-Length) into (status line, headers without Date, body).
    func responses(_ bytes: [UInt8]) -> [(String, [String: String], [UInt8])] {
        var rest = bytes[...]
        var out: [(String, [String: String], [UInt8])] = []
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        while let end = rest.indices.first(where: { rest[$0...].starts(with: separator) }) {
            let lines = String(decoding: rest[..<end], as: UTF8.self).components(separatedBy: "\r\n")
            var headers: [String: String] = [:]
            for line in lines.dropFirst() {
                let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2 { headers[parts[0].lowercased()] = parts[1] }
            }
            let isHead = out.count == 3 // the fourth pipelined request is a HEAD: headers only
            let length = isHead ? 0 : Int(headers["content-length"] ?? "0") ?? 0
            let bodyStart = end + separator.count
            let bodyEnd = min(rest.endIndex, bodyStart + length)
            headers["date"] = nil
            out.append((lines[0], headers, Array(rest[bodyStart..<bodyEnd])))
            rest = rest[bodyEnd...]
        }
        return out
    }

    @Test func leanPathAndHummingbirdAnswerAlikeAndPipelinedAnswersStayInOrder() async throws {
        let d = try await RunningDaemon.start()
        defer { d.stop() }
        let held = record(9)
        try await put(d, held)
        let path = "/routing/v1/ipns/\(key.name)"
        _ = try await d.request("GET", path) // cached: later keep-alive requests take the lean path
        let pipelined = try await RawConnection.open(port: d.port)
        defer { pipelined.close() }
        try await pipelined.send("GET \(path) HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
            + "GET \(path) HTTP/1.1\r\nHost: x\r\n\r\nHEAD /ipns/\(key.name)?format=ipns-record HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(await RawConnection.wait(seconds: 10) { responses(pipelined.bytes).count == 4 })
        let answers = responses(pipelined.bytes)
        #expect(answers.map(\.0) == Array(repeating: "HTTP/1.1 200 OK", count: 4))
        #expect(answers.count == 4 && answers[1].2 == Array("ok\n".utf8))
        #expect(answers.count == 4 && answers[0].2 == held.bytes && answers[2].2 == held.bytes)
        #expect(answers.count == 4 && answers[3].1["content-length"] == "\(held.bytes.count)")
        // `Connection: close` is answered by Hummingbird's route: same headers as the lean path.
        let closing = try await RawConnection.open(port: d.port)
        defer { closing.close() }
        try await closing.send("GET \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(await RawConnection.wait(seconds: 10) { closing.isClosed })
        var lean = try #require(answers.first).1
        var full = try #require(responses(closing.bytes).first).1
        lean["connection"] = nil
        full["connection"] = nil
        #expect(lean == full)
        let metrics = String(decoding: try await d.request("GET", "/metrics", accept: nil).1, as: UTF8.self)
        let hits = metrics.split(separator: "\n").first { $0.hasPrefix("namectl_cache_hits_total ") }
        #expect((hits?.split(separator: " ").last.flatMap { Int($0) } ?? 0) >= 3)
    }
}
