import LDNS

/// A stub DNS resolver: sends queries to configured servers over UDP with EDNS0, retries, falls
/// back to TCP on truncation, and accepts only answers whose ID and question match the query.
///
/// Several servers are asked in staggered order, as real networks need: the healthiest first, and
/// the next one as soon as the first fails or stays silent for a few of its round trips (see
/// `DNSServerHealth`); the first usable answer (NOERROR or NXDOMAIN) wins and the other queries
/// are cancelled. A SERVFAIL or REFUSED from one server sends the question on to the others.
///
/// Socket work is non-blocking (SwiftNIO), cancellable, and every lookup is bounded in time by its
/// `DNSResolverConfiguration`.
public struct StubResolver: Sendable {
    /// How this resolver talks to servers.
    public let configuration: DNSResolverConfiguration
    /// What this resolver (and its copies) learnt about its servers.
    public let health: DNSServerHealth

    /// Makes a resolver.
    public init(configuration: DNSResolverConfiguration) {
        self.configuration = configuration
        self.health = DNSServerHealth()
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
        try await StubResolver.query(name, type: type.rawValue, dnssecOK: dnssecOK, configuration: configuration, health: health)
    }

    static func query(_ name: String, type: UInt16, dnssecOK: Bool, configuration: DNSResolverConfiguration,
                      health: DNSServerHealth = DNSServerHealth()) async throws(DNSError) -> DNSResponse {
        guard !configuration.servers.isEmpty else { throw DNSError(.noServers, "no DNS server configured") }
        do { _ = try LDNSDomainName(name) } catch { throw DNSError(.invalidDomain, "'\(name)' is not a valid domain name: \(error.message)") }
        var failures: [DNSError] = []
        var refusal: DNSResponse?
        for _ in 0..<configuration.attempts {
            let round = await staggered(name, type: type, dnssecOK: dnssecOK, configuration: configuration, health: health)
            if let answer = round.answer { return answer }
            failures += round.failures
            refusal = round.refusal ?? refusal
            if Task.isCancelled { break }
        }
        // Every server refused (SERVFAIL, REFUSED): that RCODE is the answer, returned as such.
        if let refusal { return refusal }
        // Report the most telling failure: anything beats a plain timeout.
        throw failures.last(where: { $0.code != .timeout }) ?? failures.last ?? DNSError(.timeout, "DNS lookup of \(name) cancelled")
    }

    /// One round over the servers, each started when the one before it failed or its stagger
    /// delay passed; ends with the first usable answer or when every server has failed.
    private static func staggered(_ name: String, type: UInt16, dnssecOK: Bool, configuration: DNSResolverConfiguration,
                                  health: DNSServerHealth) async -> (answer: DNSResponse?, refusal: DNSResponse?, failures: [DNSError]) {
        enum Event: Sendable {
            case done(DNSServerAddress, Result<DNSResponse, DNSError>, Duration)
            case stagger
        }
        let servers = health.order(configuration.servers)
        return await withTaskGroup(of: Event.self) { group in
            var next = 0
            var failures: [DNSError] = []
            var refusal: DNSResponse?
            func launch(_ group: inout TaskGroup<Event>) {
                guard next < servers.count else { return }
                let server = servers[next]
                next += 1
                group.addTask {
                    let start = ContinuousClock.now
                    do throws(DNSError) {
                        let answer = try await ask(name, type: type, dnssecOK: dnssecOK, server: server, configuration: configuration)
                        return .done(server, .success(answer), ContinuousClock.now - start)
                    } catch {
                        return .done(server, .failure(error), ContinuousClock.now - start)
                    }
                }
                if next < servers.count {
                    let delay = health.stagger(for: server, timeout: configuration.timeout)
                    group.addTask {
                        try? await Task.sleep(for: delay)
                        return .stagger
                    }
                }
            }
            launch(&group)
            while let event = await group.next() {
                switch event {
                case .stagger:
                    if !Task.isCancelled { launch(&group) }
                case .done(let server, .success(let answer), let rtt) where answer.rcode == 0 || answer.rcode == 3:
                    health.answered(server, after: rtt)
                    group.cancelAll()
                    return (answer, nil, failures)
                case .done(let server, .success(let refused), _):
                    health.failed(server)
                    refusal = refused
                    launch(&group)
                case .done(let server, .failure(let error), _):
                    if error.code == .timeout || error.code == .network { health.failed(server) }
                    failures.append(error)
                    launch(&group)
                }
            }
            return (nil, refusal, failures)
        }
    }

    /// One question to one server, asking again without EDNS0 when it answers FORMERR.
    private static func ask(_ name: String, type: UInt16, dnssecOK: Bool, server: DNSServerAddress,
                            configuration: DNSResolverConfiguration) async throws(DNSError) -> DNSResponse {
        let qname: LDNSDomainName
        do { qname = try LDNSDomainName(name) } catch { throw DNSError(.invalidDomain, "'\(name)' is not a valid domain name: \(error.message)") }
        let response = try await exchange(qname: qname, type: type, dnssecOK: dnssecOK, server: server, configuration: configuration)
        // RFC 6891 §7: a server that does not understand EDNS0 answers FORMERR; ask again without it.
        if response.rcode == 1, configuration.udpPayloadSize != nil || dnssecOK {
            var plain = configuration
            plain.udpPayloadSize = nil
            return try await exchange(qname: qname, type: type, dnssecOK: false, server: server, configuration: plain)
        }
        return response
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
