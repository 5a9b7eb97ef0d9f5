import Foundation

/// A tiny hostile UDP DNS server for tests: every datagram goes to `handler`, whose answers are
/// sent back as given (wrong IDs, lying lengths, truncation…). No TCP listener exists on the port,
/// so TCP connections to it are refused. Runs on its own thread; `stop()` ends it.
final class FakeDNSServer: @unchecked Sendable {
    let port: UInt16
    private let fd: Int32
    private let handler: @Sendable ([UInt8]) -> [[UInt8]]
    private let lock = NSLock()
    private var running = true
    private let finished = DispatchSemaphore(value: 0)

    init(handler: @escaping @Sendable ([UInt8]) -> [[UInt8]]) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0 else { close(fd); throw KnotError("bind failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = UInt16(bigEndian: address.sin_port)
        start()
    }

    private func start() {
        let thread = Thread { [self] in loop() }
        thread.start()
    }

    private var isRunning: Bool { lock.lock(); defer { lock.unlock() }; return running }

    private func loop() {
        var buffer = [UInt8](repeating: 0, count: 65535)
        while isRunning {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 50) > 0 else { continue }
            var from = sockaddr_storage()
            var fromLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let n = withUnsafeMutablePointer(to: &from) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, &buffer, buffer.count, 0, $0, &fromLength) } }
            guard n > 0 else { continue }
            for answer in handler(Array(buffer[0..<n])) {
                _ = withUnsafePointer(to: &from) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, answer, answer.count, 0, $0, fromLength) } }
            }
        }
        finished.signal()
    }

    func stop() {
        lock.lock()
        let wasRunning = running
        running = false
        lock.unlock()
        if wasRunning { finished.wait(); close(fd) }
    }

    deinit { stop() }
}

/// Runs `body` with a fake server and always stops it.
@discardableResult
func withFakeServer<T>(_ handler: @escaping @Sendable ([UInt8]) -> [[UInt8]], _ body: (FakeDNSServer) async throws -> T) async throws -> T {
    let server = try FakeDNSServer(handler: handler)
    defer { server.stop() }
    return try await body(server)
}

/// Hand-built DNS messages, so tests can lie in ways no real server would.
enum TestWire {
    /// The query's ID.
    static func id(_ query: [UInt8]) -> UInt16 { UInt16(query[0]) << 8 | UInt16(query[1]) }

    /// The query's QNAME in lowercase dotted form (no trailing dot).
    static func qname(_ query: [UInt8]) -> String {
        var labels: [String] = []
        var i = 12
        while i < query.count, query[i] != 0 {
            let n = Int(query[i])
            labels.append(String(decoding: query[(i + 1)..<min(i + 1 + n, query.count)], as: UTF8.self).lowercased())
            i += 1 + n
        }
        return labels.joined(separator: ".")
    }

    /// The question section bytes of the query.
    static func question(_ query: [UInt8]) -> [UInt8] {
        var i = 12
        while i < query.count, query[i] != 0 { i += 1 + Int(query[i]) }
        return Array(query[12..<min(i + 5, query.count)])
    }

    /// A TXT RDATA from character-strings.
    static func txtRdata(_ strings: [[UInt8]]) -> [UInt8] { strings.flatMap { [UInt8($0.count)] + $0 } }

    /// A response echoing the query's question, with TXT answers given as raw RDATA.
    static func response(to query: [UInt8], id: UInt16? = nil, rcode: UInt8 = 0, truncated: Bool = false, rdatas: [[UInt8]] = []) -> [UInt8] {
        let id = id ?? self.id(query)
        var out: [UInt8] = [UInt8(id >> 8), UInt8(id & 0xFF), 0x84 | (truncated ? 0x02 : 0), rcode & 0x0F, 0, 1, 0, UInt8(rdatas.count), 0, 0, 0, 0]
        out += question(query)
        for rdata in rdatas {
            out += [0xC0, 0x0C, 0, 16, 0, 1, 0, 0, 0x01, 0x2C, UInt8(rdata.count >> 8), UInt8(rdata.count & 0xFF)] + rdata
        }
        return out
    }

    /// A response with TXT records given as character-string lists.
    static func txtResponse(to query: [UInt8], _ records: [[[UInt8]]]) -> [UInt8] {
        response(to: query, rdatas: records.map(txtRdata))
    }
}
