import NIOCore
import NIOPosix

/// One DNS exchange with one server over SwiftNIO: non-blocking, bounded by a `Deadline`, and
/// cancellable (a cancelled task closes the socket at once). No thread ever waits on a socket.
enum DNSExchange {
    /// What a received UDP datagram turned out to be.
    enum Verdict {
        /// The answer to our query.
        case accept
        /// Not ours (wrong ID, wrong question): keep waiting.
        case ignore
        /// Ours but unusable: stop with this error.
        case reject(DNSError)
    }

    private static var group: MultiThreadedEventLoopGroup { .singleton }

    private static func address(_ server: DNSServerAddress) throws(DNSError) -> SocketAddress {
        do { return try SocketAddress(ipAddress: server.host, port: Int(server.port)) } catch {
            throw DNSError(.invalidServer, "'\(server.host)' is not a numeric address")
        }
    }

    /// Sends `query` over UDP and returns the first datagram from the server that `judge` accepts.
    /// Datagrams from other addresses, and ones `judge` ignores (spoofed or stale answers), are
    /// skipped until the deadline.
    /// - Throws: `timeout`, `mismatchedResponse` (only unmatched answers arrived), `network`, or the
    ///   error `judge` rejects with.
    static func udp(_ query: [UInt8], server: DNSServerAddress, deadline: Deadline,
                    judge: ([UInt8]) -> Verdict) async throws(DNSError) -> [UInt8] {
        let remote = try address(server)
        let channel: NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>
        do {
            channel = try await DatagramBootstrap(group: group)
                .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65535))
                .bind(host: remote.protocol == .inet6 ? "::" : "0.0.0.0", port: 0) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw DNSError(.network, "UDP socket for \(server): \(error)")
        }
        let guardrail = Guardrail(channel.channel, deadline: deadline)
        var ignored = 0
        var outcome: Result<[UInt8], DNSError>?
        do {
            try await withTaskCancellationHandler {
                try await channel.executeThenClose { inbound, outbound in
                    try await outbound.write(AddressedEnvelope(remoteAddress: remote, data: ByteBuffer(bytes: query)))
                    for try await envelope in inbound {
                        guard envelope.remoteAddress == remote else { ignored += 1; continue }
                        let datagram = Array(envelope.data.readableBytesView)
                        switch judge(datagram) {
                        case .accept: outcome = .success(datagram)
                        case .ignore: ignored += 1; continue
                        case .reject(let error): outcome = .failure(error)
                        }
                        return
                    }
                }
            } onCancel: {
                guardrail.close()
            }
        } catch {
            if outcome == nil && !guardrail.fired { outcome = .failure(DNSError(.network, "UDP exchange with \(server): \(error)")) }
        }
        guardrail.cancel()
        if let outcome { return try outcome.get() }
        try Task.checkCancellationAsDNSError(server)
        if ignored > 0 {
            throw DNSError(.mismatchedResponse, "\(server) sent \(ignored) answer(s) that did not match the query (wrong ID or question)")
        }
        throw DNSError(.timeout, "timed out waiting for \(server) (UDP)")
    }

    /// Sends `message` over TCP (2-byte length framing) and returns the framed answer.
    /// - Throws: `timeout`, `network`, `malformedResponse` (connection closed mid-message).
    static func tcp(_ message: [UInt8], server: DNSServerAddress, deadline: Deadline) async throws(DNSError) -> [UInt8] {
        let remote = try address(server)
        let left = deadline.remaining
        guard left > 0 else { throw DNSError(.timeout, "timed out connecting to \(server) (TCP)") }
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(.milliseconds(Int64(left)))
                .connect(to: remote) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch ChannelError.connectTimeout {
            throw DNSError(.timeout, "timed out connecting to \(server) (TCP)")
        } catch {
            throw DNSError(.network, "connect to \(server) (TCP): \(error)")
        }
        let guardrail = Guardrail(channel.channel, deadline: deadline)
        var answer: [UInt8]?
        var closedEarly = false
        do {
            try await withTaskCancellationHandler {
                try await channel.executeThenClose { inbound, outbound in
                    var framed = ByteBuffer()
                    framed.writeInteger(UInt16(message.count))
                    framed.writeBytes(message)
                    try await outbound.write(framed)
                    var received = ByteBuffer()
                    for try await chunk in inbound {
                        var chunk = chunk
                        received.writeBuffer(&chunk)
                        if let length = received.getInteger(at: received.readerIndex, as: UInt16.self),
                           received.readableBytes >= 2 + Int(length) {
                            answer = received.getBytes(at: received.readerIndex + 2, length: Int(length))
                            return
                        }
                    }
                    closedEarly = true
                }
            } onCancel: {
                guardrail.close()
            }
        } catch {
            if answer == nil && !guardrail.fired {
                guardrail.cancel()
                throw DNSError(.network, "TCP exchange with \(server): \(error)")
            }
        }
        guardrail.cancel()
        if let answer { return answer }
        try Task.checkCancellationAsDNSError(server)
        if guardrail.fired { throw DNSError(.timeout, "timed out reading from \(server) (TCP)") }
        if closedEarly { throw DNSError(.malformedResponse, "\(server) closed the TCP connection mid-message") }
        throw DNSError(.network, "TCP exchange with \(server) ended without an answer")
    }
}

extension Task where Success == Never, Failure == Never {
    /// Throws a `timeout` DNS error when the current task was cancelled.
    static func checkCancellationAsDNSError(_ server: DNSServerAddress) throws(DNSError) {
        if Task.isCancelled { throw DNSError(.timeout, "exchange with \(server) cancelled") }
    }
}
