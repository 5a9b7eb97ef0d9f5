import Foundation
import NameKeys
import NameRecord
import Synchronization
import Testing
@testable import NameDaemon

/// Slow and abusive clients on loopback, with real sockets: the daemon keeps answering others,
/// closes what it must and refuses floods with 429.
@Suite(.serialized)
struct HostileClientTests {
    let key = try! PrivateKey(seed: [UInt8](repeating: 41, count: 32))

    func record(_ key: PrivateKey, _ seq: UInt64) -> Record {
        try! Record.create(key: key, value: Array("/ipfs/bafkqaddwgevxmmraojswg33smq".utf8), sequence: seq,
                           validity: Timestamp.now().adding(nanoseconds: 3_600_000_000_000), ttl: 3_600_000_000_000)
    }

    @Test func slowlorisConnectionsDoNotStopANormalClientAndAreClosedWhenIdle() async throws {
        let d = try await RunningDaemon.start { $0.idleTimeout = 1.5 }
        defer { d.stop() }
        let held = record(key, 1)
        #expect(try await d.request("PUT", "/routing/v1/ipns/\(key.name)", body: held.bytes).0 == 200)
        var slow: [RawConnection] = []
        for i in 0..<100 {
            let c = try await RawConnection.open(port: d.port)
            // Half a request head, never finished: a slowloris client.
            try await c.send("GET /routing/v1/ipns/\(key.name) HTTP/1.1\r\nHost: x\r\nX-Slow-\(i): ")
            slow.append(c)
        }
        defer { slow.forEach { $0.close() } }
        for _ in 0..<5 {
            let (status, body, _) = try await d.request("GET", "/routing/v1/ipns/\(key.name)")
            #expect(status == 200)
            #expect(body == held.bytes)
        }
        // Trickling one more header byte does not keep a connection alive past the idle timeout.
        try await slow[0].send("a")
        #expect(await RawConnection.wait(seconds: 20) { slow.allSatisfy { $0.isClosed } })
        #expect(slow.allSatisfy { !$0.received.contains("200 OK") })
        #expect(d.daemon.connections.count <= 1)
    }

    @Test func aRequestBodyThatNeverArrivesIsCutOffAfterTheReadTimeout() async throws {
        let d = try await RunningDaemon.start { $0.readTimeout = 1; $0.idleTimeout = 60 }
        defer { d.stop() }
        let c = try await RawConnection.open(port: d.port)
        defer { c.close() }
        try await c.send("PUT /routing/v1/ipns/\(key.name) HTTP/1.1\r\nHost: x\r\nContent-Length: 400\r\n\r\nabc")
        #expect(await RawConnection.wait(seconds: 20) { c.isClosed })
        #expect(try d.store.record(for: key.name) == nil)
    }

    @Test func atTheConnectionCapTheLongestIdleConnectionMakesRoom() async throws {
        let d = try await RunningDaemon.start { $0.maxConnections = 20; $0.idleTimeout = 600 }
        defer { d.stop() }
        let held = record(key, 2)
        #expect(try await d.request("PUT", "/routing/v1/ipns/\(key.name)", body: held.bytes).0 == 200)
        var idle: [RawConnection] = []
        for _ in 0..<50 { idle.append(try await RawConnection.open(port: d.port)) }
        defer { idle.forEach { $0.close() } }
        // With a 10-minute idle timeout, only the cap can have closed these.
        #expect(await RawConnection.wait(seconds: 20) { idle.filter { $0.isClosed }.count >= 30 })
        #expect(idle.prefix(30).allSatisfy { $0.isClosed })
        let (status, body, _) = try await d.request("GET", "/routing/v1/ipns/\(key.name)")
        #expect(status == 200)
        #expect(body == held.bytes)
        #expect(d.daemon.connections.count <= 20)
    }

    @Test func putFloodFromOneAddressGets429WithRetryAfter() async throws {
        let d = try await RunningDaemon.start { $0.putRate = 0.5; $0.putBurst = 5 }
        defer { d.stop() }
        var statuses: [Int] = []
        var retryAfter: [String] = []
        for seq in 1...30 {
            let (status, _, headers) = try await d.request("PUT", "/routing/v1/ipns/\(key.name)", body: record(key, UInt64(seq)).bytes)
            statuses.append(status)
            if status == 429 { retryAfter.append(headers["retry-after"] ?? "") }
        }
        #expect(statuses.prefix(5).allSatisfy { $0 == 200 })
        #expect(statuses.filter { $0 == 200 }.count <= 6)
        #expect(statuses.filter { $0 == 429 }.count >= 24)
        #expect(retryAfter.allSatisfy { Int($0).map { $0 >= 1 } ?? false })
        // What was stored is one of the accepted records, still served.
        let (status, body, _) = try await d.request("GET", "/routing/v1/ipns/\(key.name)")
        #expect(status == 200)
        #expect(try Record(bytes: body).sequence ?? 0 <= 6)
        let metrics = String(decoding: try await d.request("GET", "/metrics", accept: nil).1, as: UTF8.self)
        #expect(metrics.contains("namectl_records_put_total{outcome=\"rate_limited\"}"))
    }

    @Test func namesBeyondTheCapGet429ButHeldNamesStillUpdate() async throws {
        let d = try await RunningDaemon.start { $0.maxNames = 3 }
        defer { d.stop() }
        let keys = (50..<54).map { try! PrivateKey(seed: [UInt8](repeating: UInt8($0), count: 32)) }
        for k in keys.prefix(3) { #expect(try await d.request("PUT", "/routing/v1/ipns/\(k.name)", body: record(k, 1).bytes).0 == 200) }
        let (status, body, headers) = try await d.request("PUT", "/routing/v1/ipns/\(keys[3].name)", body: record(keys[3], 1).bytes)
        #expect(status == 429)
        #expect(headers["retry-after"] != nil)
        #expect(String(decoding: body, as: UTF8.self).contains("name_limit"))
        #expect(try d.store.record(for: keys[3].name) == nil)
        #expect(try await d.request("PUT", "/routing/v1/ipns/\(keys[0].name)", body: record(keys[0], 2).bytes).0 == 200)
    }

    @Test func onlyAChangedRecordIsHandedOnForRebroadcast() async throws {
        let handed = Mutex<[UInt64]>([])
        let d = try await RunningDaemon.start(rebroadcast: { _, record in handed.withLock { $0.append(record.sequence ?? 0) } })
        defer { d.stop() }
        let first = record(key, 7)
        #expect(try await d.request("PUT", "/routing/v1/ipns/\(key.name)", body: first.bytes).0 == 200)
        #expect(try await d.request("PUT", "/routing/v1/ipns/\(key.name)", body: first.bytes).0 == 200)
        #expect(try await d.request("PUT", "/routing/v1/ipns/\(key.name)", body: record(key, 8).bytes).0 == 200)
        #expect(handed.withLock { $0 } == [7, 8])
    }

    @Test func dotSegmentsAndOverlongNamesAreRefusedBeforeDecoding() async throws {
        let d = try await RunningDaemon.start()
        defer { d.stop() }
        #expect(try await d.request("PUT", "/routing/v1/ipns/\(key.name)", body: record(key, 1).bytes).0 == 200)
        // Sent as raw bytes: HTTP client libraries remove dot segments before sending.
        for path in ["/ipns/\(key.name)/../x", "/ipns/\(key.name)/./a", "/ipns/\(key.name)/%2e%2e/a", "/ipns/\(key.name)/a/.."] {
            let c = try await RawConnection.open(port: d.port)
            defer { c.close() }
            try await c.send("GET \(path) HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nConnection: close\r\n\r\n")
            #expect(await RawConnection.wait(seconds: 10) { c.isClosed })
            #expect(c.received.hasPrefix("HTTP/1.1 400 "), "\(path)")
            #expect(c.received.contains("invalid_path"))
        }
        let long = "k51" + String(repeating: "q", count: 20_000)
        let (status, body, _) = try await d.request("GET", "/routing/v1/ipns/\(long)")
        #expect(status == 400)
        #expect(body.count < 1000)
        #expect(try await d.request("GET", "/ipns/\(long)", accept: "application/json").0 == 400)
        #expect(try await d.request("PUT", "/routing/v1/ipns/\(long)", body: record(key, 2).bytes).0 == 400)
    }
}
