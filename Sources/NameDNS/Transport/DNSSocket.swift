#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One non-blocking socket to one DNS server, closed exactly once in `deinit`. Every wait is a
/// `poll()` bounded by a `Deadline`, so no exchange can hang.
final class DNSSocket {
    /// What a received UDP datagram turned out to be.
    enum Verdict {
        /// The answer to our query.
        case accept
        /// Not ours (wrong ID, wrong question): keep waiting.
        case ignore
        /// Ours but unusable: stop with this error.
        case reject(DNSError)
    }

    private let fd: Int32
    private let server: DNSServerAddress

    /// Opens a socket of `type` (SOCK_DGRAM / SOCK_STREAM) towards `server`.
    private init(server: DNSServerAddress, type: Int32) throws(DNSError) {
        guard let family = DNSServerAddress.family(of: server.host) else {
            throw DNSError(.invalidServer, "'\(server.host)' is not a numeric address")
        }
        let fd = socket(family, type, 0)
        guard fd >= 0 else { throw DNSError(.network, "socket(): \(DNSSocket.errnoText())") }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        self.fd = fd
        self.server = server
    }

    deinit { close(fd) }

    static func errnoText() -> String { String(cString: strerror(errno)) }

    /// Connects (UDP: fixes the peer so the kernel drops datagrams from anyone else; TCP: waits for
    /// the handshake until `deadline`).
    private func connect(until deadline: Deadline) throws(DNSError) {
        let rc: Int32 = withSockaddr { address, length in systemConnect(fd, address, length) }
        if rc == 0 { return }
        guard errno == EINPROGRESS else { throw DNSError(.network, "connect to \(server): \(DNSSocket.errnoText())") }
        try wait(for: Int16(POLLOUT), until: deadline, what: "connecting to \(server)")
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
        guard error == 0 else { throw DNSError(.network, "connect to \(server): \(String(cString: strerror(error)))") }
    }

    private func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        if DNSServerAddress.family(of: server.host) == AF_INET6 {
            var a = sockaddr_in6()
            a.sin6_family = sa_family_t(AF_INET6)
            a.sin6_port = server.port.bigEndian
            inet_pton(AF_INET6, server.host, &a.sin6_addr)
            return withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
        }
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_port = server.port.bigEndian
        inet_pton(AF_INET, server.host, &a.sin_addr)
        return withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    }

    /// Waits until the socket is ready for `events`, or throws `timeout` at the deadline.
    private func wait(for events: Int16, until deadline: Deadline, what: String) throws(DNSError) {
        while true {
            let left = deadline.remaining
            guard left > 0 else { throw DNSError(.timeout, "timed out \(what)") }
            var p = pollfd(fd: fd, events: events, revents: 0)
            let n = poll(&p, 1, left)
            if n > 0 { return }
            if n < 0 && errno != EINTR { throw DNSError(.network, "poll: \(DNSSocket.errnoText())") }
        }
    }

    /// Sends `query` over UDP and returns the first datagram `judge` accepts. Datagrams it ignores
    /// (spoofed or stale answers) are skipped until the deadline.
    /// - Throws: `timeout`, `mismatchedResponse` (only unmatched answers arrived), `network`, or the
    ///   error `judge` rejects with.
    static func udpExchange(_ query: [UInt8], server: DNSServerAddress, deadline: Deadline,
                            judge: ([UInt8]) -> Verdict) throws(DNSError) -> [UInt8] {
        let socket = try DNSSocket(server: server, type: Int32(SOCK_DGRAM.rawValue))
        try socket.connect(until: deadline)
        let sent = query.withUnsafeBytes { send(socket.fd, $0.baseAddress, $0.count, 0) }
        guard sent == query.count else { throw DNSError(.network, "send to \(server): \(errnoText())") }
        var ignored = 0
        var buffer = [UInt8](repeating: 0, count: 65535)
        while true {
            do {
                try socket.wait(for: Int16(POLLIN), until: deadline, what: "waiting for \(server) (UDP)")
            } catch where error.code == .timeout && ignored > 0 {
                throw DNSError(.mismatchedResponse, "\(server) sent \(ignored) answer(s) that did not match the query (wrong ID or question)")
            }
            let n = recv(socket.fd, &buffer, buffer.count, 0)
            if n < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw DNSError(.network, "receive from \(server): \(errnoText())")
            }
            let datagram = Array(buffer[0..<n])
            switch judge(datagram) {
            case .accept: return datagram
            case .ignore: ignored += 1
            case .reject(let error): throw error
            }
        }
    }

    /// Sends `message` over TCP (2-byte length framing) and returns the framed answer.
    /// - Throws: `timeout`, `network`, `malformedResponse` (connection closed mid-message).
    static func tcpExchange(_ message: [UInt8], server: DNSServerAddress, deadline: Deadline) throws(DNSError) -> [UInt8] {
        let socket = try DNSSocket(server: server, type: Int32(SOCK_STREAM.rawValue))
        try socket.connect(until: deadline)
        let framed = [UInt8(message.count >> 8), UInt8(message.count & 0xFF)] + message
        var offset = 0
        while offset < framed.count {
            try socket.wait(for: Int16(POLLOUT), until: deadline, what: "sending to \(server) (TCP)")
            let n = framed[offset...].withUnsafeBytes { send(socket.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw DNSError(.network, "send to \(server) (TCP): \(errnoText())")
            }
            offset += n
        }
        let header = try socket.read(2, until: deadline)
        let length = Int(header[0]) << 8 | Int(header[1])
        return try socket.read(length, until: deadline)
    }

    private func read(_ count: Int, until deadline: Deadline) throws(DNSError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            try wait(for: Int16(POLLIN), until: deadline, what: "reading from \(server) (TCP)")
            let n = out[offset...].withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw DNSError(.network, "receive from \(server) (TCP): \(DNSSocket.errnoText())")
            }
            if n == 0 { throw DNSError(.malformedResponse, "\(server) closed the TCP connection mid-message") }
            offset += n
        }
        return out
    }
}

#if canImport(Glibc)
private let systemConnect = Glibc.connect
#elseif canImport(Darwin)
private let systemConnect = Darwin.connect
#endif
