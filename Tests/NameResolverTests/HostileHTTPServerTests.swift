import DelegatedHTTP
import Foundation
import NameKeys
import NameRecord
import NamectlTestSupport
import Testing

/// A delegated-routing server that streams forever, announces 10 GB, drips one byte at a time or
/// never answers costs one request's time and a bounded buffer, never the process's memory or an
/// unbounded wait: each exchange ends with a typed error within its timeout.
@Suite(.serialized)
struct HostileHTTPServerTests {
    let key = try! PrivateKey(seed: [UInt8](repeating: 3, count: 32))

    /// Runs `body` with the port of a fresh hostile server, stopped afterwards.
    func withServer(_ body: (Int) async throws -> Void) async throws {
        let server = try await InteropHelper(script: "hostile_http_server.py")
        defer { server.close() }
        let port = try #require(server.ready["port"] as? Int)
        try await body(port)
    }

    /// The client's outcome for `mode`, or `nil` when it did not end within 30 s (a hang).
    func outcome(_ port: Int, _ mode: String, timeout: Double, put: Bool = false) async throws -> Result<[UInt8]?, DelegatedRoutingError>? {
        let client = try DelegatedRoutingClient(endpoint: "http://127.0.0.1:\(port)/\(mode)", timeout: timeout)
        let record = try Record.create(key: key, value: Array("/ipfs/bafkqaddwgevxmmraojswg33smq".utf8), sequence: 1,
                                       validity: Timestamp.now().adding(nanoseconds: 3_600_000_000_000), ttl: 1)
        let name = key.name
        return await withTaskGroup(of: Result<[UInt8]?, DelegatedRoutingError>?.self) { group in
            group.addTask {
                do throws(DelegatedRoutingError) {
                    if put {
                        try await client.put(record, for: name)
                        return .success(nil)
                    }
                    return .success(try await client.get(name))
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(30))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// The error the client ends with for `mode`; records an issue when it hangs or succeeds.
    func failure(_ mode: String, timeout: Double, put: Bool = false) async throws -> DelegatedRoutingError? {
        var failure: DelegatedRoutingError?
        try await withServer { port in
            switch try await outcome(port, mode, timeout: timeout, put: put) {
            case nil: Issue.record("\(mode): the client was still waiting after 30 s")
            case .success(let bytes)?: Issue.record("\(mode): an answer was accepted (\(bytes?.count ?? 0) bytes)")
            case .failure(let error)?: failure = error
            }
        }
        return failure
    }

    @Test func anEndlessBodyIsCutAtTheRecordSizeLimit() async throws {
        #expect(try await failure("endless", timeout: 20)?.code == .oversized)
    }

    @Test func anAnnouncedHugeBodyIsRefusedBeforeReadingIt() async throws {
        #expect(try await failure("announced", timeout: 20)?.code == .oversized)
    }

    @Test func aDrippingServerTimesOutAsAWhole() async throws {
        // URLSession's own timeout restarts with every byte; the client's bounds the whole exchange.
        let error = try await failure("drip", timeout: 2)
        #expect(error?.code == .unreachable)
        #expect(error?.reason.contains("no complete answer") == true, "\(String(describing: error))")
    }

    @Test func aSilentServerTimesOut() async throws {
        #expect(try await failure("silent", timeout: 1)?.code == .unreachable)
    }

    @Test func aPutAnsweredWithAnEndlessBodyIsCutToo() async throws {
        #expect(try await failure("endless", timeout: 20, put: true)?.code == .oversized)
    }

    @Test func aWellBehavedSmallAnswerStillArrives() async throws {
        try await withServer { port in
            let r = try await outcome(port, "small", timeout: 5)
            guard case .success(let bytes) = try #require(r, "no answer after 30 s") else {
                Issue.record("a 5-byte answer failed: \(String(describing: r))")
                return
            }
            #expect(bytes == Array("hello".utf8))
        }
    }
}
