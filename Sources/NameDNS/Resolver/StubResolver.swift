import LDNS

/// A stub DNS resolver: sends queries to configured servers over UDP with EDNS0, retries, falls
/// back to TCP on truncation, and accepts only answers whose ID and question match the query.
///
/// Socket work is non-blocking (SwiftNIO), cancellable, and every lookup is bounded in time by its
/// `DNSResolverConfiguration`.
public struct StubResolver: Sendable {
    /// How this resolver talks to servers.
    public let configuration: DNSResolverConfiguration

    /// Makes a resolver.
    public init(configuration: DNSResolverConfiguration) {
        self.configuration = configuration
    }

    /// A resolver for the given servers with default timeouts.
    public init(servers: [DNSServerAddress]) {
        self.init(configuration: DNSResolverConfiguration(servers: servers))
    }

    /// Queries `name` for `type` (class IN). A non-NOERROR RCODE is returned, not thrown.
    /// - Parameter dnssecOK: set the EDNS0 DO bit to receive RRSIGs.
    /// - Throws: `invalidDomain`, `noServers`, `timeout`, `network`, `mismatchedResponse`,
    ///   `malformedResponse`, `truncated`.
    public func query(_ name: String, type: DNSRecordType, dnssecOK: Bool = false) async throws(DNSError) -> DNSResponse {
        try await StubResolver.query(name, type: type.rawValue, dnssecOK: dnssecOK, configuration: configuration)
    }

    static func query(_ name: String, type: UInt16, dnssecOK: Bool, configuration: DNSResolverConfiguration) async throws(DNSError) -> DNSResponse {
        guard !configuration.servers.isEmpty else { throw DNSError(.noServers, "no DNS server configured") }
        let qname: LDNSDomainName
        do { qname = try LDNSDomainName(name) } catch { throw DNSError(.invalidDomain, "'\(name)' is not a valid domain name: \(error.message)") }
        var failures: [DNSError] = []
        for _ in 0..<configuration.attempts {
            for server in configuration.servers {
                do {
                    let response = try await exchange(qname: qname, type: type, dnssecOK: dnssecOK, server: server, configuration: configuration)
                    // RFC 6891 §7: a server that does not understand EDNS0 answers FORMERR; ask again without it.
                    if response.rcode == 1, configuration.udpPayloadSize != nil || dnssecOK {
                        var plain = configuration
                        plain.udpPayloadSize = nil
                        return try await exchange(qname: qname, type: type, dnssecOK: false, server: server, configuration: plain)
                    }
                    return response
                } catch {
                    failures.append(error)
                    if Task.isCancelled { throw error }
                }
            }
        }
        // Report the most telling failure: anything beats a plain timeout.
        throw failures.last(where: { $0.code != .timeout }) ?? failures.last!
    }

    private static func exchange(qname: LDNSDomainName, type: UInt16, dnssecOK: Bool, server: DNSServerAddress,
                                 configuration: DNSResolverConfiguration) async throws(DNSError) -> DNSResponse {
        let id = UInt16.random(in: 0...UInt16.max)
        let query = LDNSPacket.query(name: qname, type: type, id: id, recursionDesired: configuration.recursionDesired,
                                     udpPayloadSize: configuration.udpPayloadSize, dnssecOK: dnssecOK)
        let wire: [UInt8]
        do { wire = try query.wire() } catch { throw DNSError(.invalidDomain, error.message) }
        let deadline = Deadline(after: configuration.timeout)
        let answer = try await DNSExchange.udp(wire, server: server, deadline: deadline) { datagram in
            judge(datagram, id: id, qname: qname, type: type)
        }
        let packet = try decode(answer, from: server)
        guard packet.isTruncated else { return DNSResponse(wire: answer, packet: packet, server: server, usedTCP: false) }
        let full: [UInt8]
        do {
            full = try await DNSExchange.tcp(wire, server: server, deadline: deadline)
        } catch {
            throw DNSError(.truncated, "\(server) truncated its UDP answer and TCP failed: \(error.reason)")
        }
        if case .reject(let error) = judge(full, id: id, qname: qname, type: type) { throw error }
        guard case .accept = judge(full, id: id, qname: qname, type: type) else {
            throw DNSError(.mismatchedResponse, "\(server)'s TCP answer does not match the query (wrong ID or question)")
        }
        return DNSResponse(wire: full, packet: try decode(full, from: server), server: server, usedTCP: true)
    }

    private static func decode(_ wire: [UInt8], from server: DNSServerAddress) throws(DNSError) -> LDNSPacket {
        do { return try LDNSPacket(wire: wire) } catch {
            throw DNSError(.malformedResponse, "answer from \(server) cannot be decoded: \(error.message)")
        }
    }

    /// Accepts an answer only when it is a response with our ID and exactly our question.
    static func judge(_ datagram: [UInt8], id: UInt16, qname: LDNSDomainName, type: UInt16) -> DNSExchange.Verdict {
        guard datagram.count >= 12, UInt16(datagram[0]) << 8 | UInt16(datagram[1]) == id else { return .ignore }
        guard let packet = try? LDNSPacket(wire: datagram) else {
            return .reject(DNSError(.malformedResponse, "the answer cannot be decoded (\(datagram.count) bytes)"))
        }
        guard packet.isResponse else { return .ignore }
        let questions = packet.records(in: .question)
        guard questions.count == 1, let question = questions.first, question.type == type, question.rrClass == 1,
              question.owner.equals(qname) else { return .ignore }
        return .accept
    }
}
