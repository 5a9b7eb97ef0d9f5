import LDNS

/// A validated answer from a server: the wire message plus its decoded answer section.
public struct DNSResponse: Sendable {
    /// The message exactly as received (for DNSSEC and TSIG checks).
    public let wire: [UInt8]
    /// The server that answered.
    public let server: DNSServerAddress
    /// The RCODE (0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED…).
    public let rcode: UInt16
    /// Whether the answer came over TCP after a truncated UDP answer.
    public let usedTCP: Bool
    /// The answer section.
    public let answers: [DNSAnswerRecord]

    init(wire: [UInt8], packet: LDNSPacket, server: DNSServerAddress, usedTCP: Bool) {
        self.wire = wire
        self.server = server
        self.rcode = packet.rcode
        self.usedTCP = usedTCP
        self.answers = packet.records(in: .answer).map {
            DNSAnswerRecord(owner: $0.owner.description.lowercased(), type: $0.type, ttl: $0.ttl,
                            rdataFields: $0.rdataFields, text: $0.description)
        }
    }

    /// The owner that finally holds data for `name`: `name` itself, or the end of a CNAME chain
    /// present in the answer (at most 8 links).
    public func finalOwner(for name: String) -> String {
        var owner = DNSResponse.canonical(name)
        for _ in 0..<8 {
            guard let cname = answers.first(where: { $0.owner == owner && $0.type == DNSRecordType.cname.rawValue }),
                  let target = try? LDNSDomainName(wire: cname.rdataFields.first ?? []) else { break }
            owner = target.description.lowercased()
        }
        return owner
    }

    /// The TXT records for `name` (following a CNAME chain in the answer), in answer order.
    public func txtRecords(for name: String) -> [DNSLinkTXTValue] {
        let owner = finalOwner(for: name)
        return answers.filter { $0.owner == owner && $0.type == DNSRecordType.txt.rawValue }
            .map { DNSLinkTXTValue(strings: $0.characterStrings, ttl: $0.ttl) }
    }

    /// `name` fully qualified and lowercased, as owners are stored.
    static func canonical(_ name: String) -> String {
        (try? LDNSDomainName(name).description.lowercased()) ?? name.lowercased()
    }
}
