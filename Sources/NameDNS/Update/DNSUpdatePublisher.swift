import LDNS

/// Publishes a `ZoneSnippet` to an authoritative server with one RFC 2136 UPDATE signed with
/// TSIG: the TXT RRset at `_dnslink.<domain>` is deleted and the snippet's records added in the
/// same message, so the DNSLink and the signed record change together (atomically). The server's
/// answer must carry a valid TSIG; afterwards the RRset is queried back and compared.
public struct DNSUpdatePublisher: Sendable {
    /// The primary server accepting updates.
    public let server: DNSServerAddress
    /// The zone to update (`example.com`).
    public let zone: String
    /// The TSIG key.
    public let key: TSIGKey
    /// The time limit for the UPDATE exchange and for the query back, each.
    public let timeout: Duration

    /// Makes a publisher.
    public init(server: DNSServerAddress, zone: String, key: TSIGKey, timeout: Duration = .seconds(5)) {
        self.server = server
        self.zone = zone.hasSuffix(".") ? zone : zone + "."
        self.key = key
        self.timeout = timeout
    }

    /// Sends the UPDATE and verifies the result.
    /// - Returns: the answer to the query back, holding exactly the snippet's TXT records.
    /// - Throws: `invalidDomain` (owner outside the zone), `updateRefused` (REFUSED),
    ///   `updateNotAuthorized` (NOTAUTH / TSIG errors: wrong key or secret, clock skew),
    ///   `updateFailed` (other RCODEs), `responseNotAuthenticated` (unsigned or badly signed
    ///   answer), `verificationFailed` (query back differs), transport errors.
    @discardableResult
    public func publish(_ snippet: ZoneSnippet) async throws(DNSError) -> DNSResponse {
        try await DNSUpdatePublisher.update(snippet, zone: zone, server: server, key: key, timeout: timeout)
        let resolver = StubResolver(configuration: DNSResolverConfiguration(servers: [server], timeout: timeout, attempts: 1, recursionDesired: false))
        let answer = try await resolver.query(snippet.owner, type: .txt)
        let published = answer.txtRecords(for: snippet.owner).map(\.value)
        let expected = snippet.records.map(\.value)
        guard answer.rcode == 0, published.count == expected.count, Set(published) == Set(expected) else {
            throw DNSError(.verificationFailed, "after the UPDATE, \(server) returns \(published.count) TXT record(s) at \(snippet.owner) (RCODE \(answer.rcode)), not the \(expected.count) published")
        }
        return answer
    }

    static func update(_ snippet: ZoneSnippet, zone: String, server: DNSServerAddress, key: TSIGKey, timeout: Duration) async throws(DNSError) {
        let packet: LDNSPacket
        let wire: [UInt8]
        do {
            let zoneName = try LDNSDomainName(zone)
            let owner = try LDNSDomainName(snippet.owner)
            guard owner.isAtOrBelow(zoneName) else {
                throw DNSError(.invalidDomain, "\(snippet.owner) is not inside zone \(zone)")
            }
            var updates = [LDNSResourceRecord.deleteRRset(owner: owner, type: DNSRecordType.txt.rawValue)]
            for record in snippet.records { updates.append(try LDNSResourceRecord(record.zoneLine)) }
            packet = LDNSPacket.update(zone: zoneName, updates: updates, id: UInt16.random(in: 0...UInt16.max))
            try packet.signTSIG(keyName: key.name, secret: key.secret, algorithm: key.algorithmName)
            wire = try packet.wire()
        } catch let error as LDNSError {
            throw DNSError(.invalidValue, "cannot build the UPDATE: \(error.message)")
        } catch let error as DNSError {
            throw error
        } catch {
            throw DNSError(.invalidValue, "cannot build the UPDATE")
        }
        let answerWire = try await DNSExchange.tcp(wire, server: server, deadline: Deadline(after: timeout))
        let answer: LDNSPacket
        do { answer = try LDNSPacket(wire: answerWire) } catch {
            throw DNSError(.malformedResponse, "UPDATE answer from \(server) cannot be decoded: \(error.message)")
        }
        guard answer.isResponse, answer.id == packet.id, answer.opcode == 5 else {
            throw DNSError(.mismatchedResponse, "\(server) answered the UPDATE with a message that does not match it")
        }
        switch answer.rcode {
        case 0:
            guard answer.verifyTSIG(wire: answerWire, keyName: key.name, secret: key.secret, request: packet) else {
                throw DNSError(.responseNotAuthenticated, "\(server) accepted the UPDATE but its answer has no valid TSIG signature from \(key.name)")
            }
        case 5:
            throw DNSError(.updateRefused, "\(server) refused the UPDATE of zone \(zone) (REFUSED)", rcode: 5)
        case 9:
            let detail = switch answer.tsigError {
            case 16?: "bad signature (BADSIG): wrong secret"
            case 17?: "unknown key (BADKEY): wrong key name or algorithm"
            case 18?: "bad time (BADTIME): clocks differ"
            default: "not authorized for this zone"
            }
            throw DNSError(.updateNotAuthorized, "\(server) rejected the UPDATE (NOTAUTH): \(detail)", rcode: 9)
        default:
            throw DNSError(.updateFailed, "\(server) answered the UPDATE with RCODE \(answer.rcode)", rcode: answer.rcode)
        }
    }
}
