#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A POSIX UDP socket (IPv4, or IPv6-only for an IPv6 bind address) with a receive loop on its own thread (`poll()` with a short timeout, so
/// `close()` takes effect within `pollInterval`). Datagrams of any size are read whole so that the
/// node can count oversized ones; nothing here interprets them.
final class UDPTransport: DatagramTransport {
    private struct State {
        var handler: (@Sendable ([UInt8], DHTEndpoint) -> Void)?
        var running = true
        var started = false
    }

    private let fd: Int32
    let localEndpoint: DHTEndpoint
    private let state = Mutex(State())
    private static let pollIntervalMilliseconds: Int32 = 100

    /// Binds a UDP socket to `bind` (port 0: an ephemeral port).
    init(bind: DHTEndpoint) throws(DHTError) {
        let fd = socket(bind.isIPv6 ? AF_INET6 : AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw DHTError(.socketError, "socket(): \(String(cString: strerror(errno)))") }
        if bind.isIPv6 {
            // IPv6 only: the IPv4 side has its own socket, routing table entries and compact format.
            var on: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &on, socklen_t(MemoryLayout<Int32>.size))
        }
        let bound = bind.withSockaddr { systemBind(fd, $0, $1) }
        guard bound == 0 else {
            let message = String(cString: strerror(errno))
            systemClose(fd)
            throw DHTError(.socketError, "bind(\(bind)): \(message)")
        }
        var actual = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        self.fd = fd
        localEndpoint = withUnsafeBytes(of: &actual) { DHTEndpoint(sockaddr: $0.baseAddress!) } ?? bind
    }

    func start(_ handler: @escaping @Sendable ([UInt8], DHTEndpoint) -> Void) {
        let proceed = state.withLock { s -> Bool in
            guard s.running, !s.started else { return false }
            s.handler = handler
            s.started = true
            return true
        }
        guard proceed else { return }
        let box = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { raw in
            let transport = Unmanaged<UDPTransport>.fromOpaque(raw!).takeRetainedValue()
            transport.receiveLoop()
            return nil
        }, box)
        if rc == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<UDPTransport>.fromOpaque(box).release()
        }
    }

    private func receiveLoop() {
        var buffer = [UInt8](repeating: 0, count: 65536)
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while state.withLock({ $0.running }) {
            pfd.revents = 0
            guard poll(&pfd, 1, UDPTransport.pollIntervalMilliseconds) > 0 else { continue }
            var from = sockaddr_storage()
            var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let n = buffer.withUnsafeMutableBytes { buf in
                withUnsafeMutablePointer(to: &from) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, buf.baseAddress, buf.count, 0, $0, &len) }
                }
            }
            guard n >= 0 else { continue }
            let handler = state.withLock { $0.handler }
            guard let sender = withUnsafeBytes(of: &from, { DHTEndpoint(sockaddr: $0.baseAddress!) }) else { continue }
            handler?(Array(buffer[0..<n]), sender)
        }
        state.withLock { _ in _ = systemClose(fd) }
    }

    func send(_ bytes: [UInt8], to endpoint: DHTEndpoint) {
        guard endpoint.isIPv6 == localEndpoint.isIPv6 else { return }
        // Under the lock, so the receive loop cannot close (and the kernel reuse) the descriptor mid-send;
        // MSG_DONTWAIT keeps the critical section short.
        state.withLock { s in
            guard s.running else { return }
            _ = bytes.withUnsafeBytes { buf in
                endpoint.withSockaddr { sendto(fd, buf.baseAddress, buf.count, Int32(MSG_DONTWAIT), $0, $1) }
            }
        }
    }

    func close() {
        let closeHere = state.withLock { s -> Bool in
            defer { s.running = false; s.handler = nil }
            return s.running && !s.started
        }
        // A started socket is closed by its receive loop, so the descriptor is never reused under it.
        if closeHere { systemClose(fd) }
    }
}

#if canImport(Glibc)
private let systemBind = Glibc.bind
private let systemClose = Glibc.close
#elseif canImport(Darwin)
private let systemBind = Darwin.bind
private let systemClose = Darwin.close
#endif
