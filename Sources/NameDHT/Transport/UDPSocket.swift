#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The platform calls of NameDHT, and the only file in the module that imports Glibc or Darwin:
/// an IPv4 UDP socket, host-name lookup and a detached thread for the receive loop.
struct UDPSocket: Sendable {
    /// The file descriptor.
    let fd: Int32

    #if canImport(Glibc)
    private static let datagram = Int32(SOCK_DGRAM.rawValue)
    #else
    private static let datagram = SOCK_DGRAM
    #endif

    /// Opens a UDP socket bound to `endpoint` (port 0: an ephemeral port) and returns it with the
    /// address it got.
    static func bound(to endpoint: DHTEndpoint) throws(DHTError) -> (UDPSocket, DHTEndpoint) {
        let fd = socket(AF_INET, datagram, 0)
        guard fd >= 0 else { throw DHTError(.socketError, "socket(): \(errnoText())") }
        var addr = endpoint.socketAddress
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            let message = errnoText()
            _ = systemClose(fd)
            throw DHTError(.socketError, "bind(\(endpoint)): \(message)")
        }
        var actual = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return (UDPSocket(fd: fd), DHTEndpoint(inAddr: actual.sin_addr, port: UInt16(bigEndian: actual.sin_port)))
    }

    /// Waits up to `milliseconds` for a datagram; whether one is ready.
    func waitReadable(milliseconds: Int32) -> Bool {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&pfd, 1, milliseconds) > 0
    }

    /// Reads one datagram into `buffer`: its length and sender, `nil` on error.
    func receive(into buffer: inout [UInt8]) -> (Int, DHTEndpoint)? {
        var from = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let n = buffer.withUnsafeMutableBytes { buf in
            withUnsafeMutablePointer(to: &from) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, buf.baseAddress, buf.count, 0, $0, &len) }
            }
        }
        guard n >= 0 else { return nil }
        return (n, DHTEndpoint(inAddr: from.sin_addr, port: UInt16(bigEndian: from.sin_port)))
    }

    /// Sends one datagram without blocking (a full send buffer drops it, as UDP may).
    func send(_ bytes: [UInt8], to endpoint: DHTEndpoint) {
        var addr = endpoint.socketAddress
        _ = bytes.withUnsafeBytes { buf in
            withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, buf.baseAddress, buf.count, Int32(MSG_DONTWAIT), $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
    }

    /// Closes the descriptor.
    func close() { _ = systemClose(fd) }

    /// Runs `body` on a new detached thread; `false` when no thread could be made.
    static func detachThread(_ body: @escaping @Sendable () -> Void) -> Bool {
        let box = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let rc = pthread_create(&thread, nil, { raw in
            // The context pointer is optional in Glibc and not in the Darwin headers.
            let pointer: UnsafeMutableRawPointer? = raw
            Unmanaged<ThreadBody>.fromOpaque(pointer!).takeRetainedValue().body()
            return nil
        }, box)
        guard rc == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(box).release()
            return false
        }
        #if canImport(Glibc)
        pthread_detach(thread)
        #else
        if let thread { pthread_detach(thread) }
        #endif
        return true
    }

    /// The IPv4 addresses of `host` (getaddrinfo; blocking).
    static func resolveIPv4(host: String, port: UInt16) throws(DHTError) -> [DHTEndpoint] {
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = datagram
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else {
            throw DHTError(.invalidEndpoint, "cannot resolve host '\(host)'")
        }
        defer { freeaddrinfo(first) }
        var out: [DHTEndpoint] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            if info.pointee.ai_family == AF_INET, let sa = info.pointee.ai_addr {
                let sin = UnsafeRawPointer(sa).loadUnaligned(as: sockaddr_in.self)
                let e = DHTEndpoint(inAddr: sin.sin_addr, port: port)
                if !out.contains(e) { out.append(e) }
            }
            cursor = info.pointee.ai_next
        }
        return out
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// The closure a detached thread runs, passed through `pthread_create`'s context pointer.
private final class ThreadBody: Sendable {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
}

#if canImport(Glibc)
private let systemClose = Glibc.close
#elseif canImport(Darwin)
private let systemClose = Darwin.close
#endif

extension DHTEndpoint {
    init(inAddr: in_addr, port: UInt16) {
        let raw = UInt32(bigEndian: inAddr.s_addr)
        self.init(address: [UInt8(raw >> 24), UInt8((raw >> 16) & 0xFF), UInt8((raw >> 8) & 0xFF), UInt8(raw & 0xFF)], port: port)!
    }

    var socketAddress: sockaddr_in {
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = port.bigEndian
        let raw = UInt32(address[0]) << 24 | UInt32(address[1]) << 16 | UInt32(address[2]) << 8 | UInt32(address[3])
        sin.sin_addr = in_addr(s_addr: raw.bigEndian)
        return sin
    }
}
