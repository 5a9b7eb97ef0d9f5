import LDNS

/// DNSSEC trust anchors for one zone: DS or DNSKEY records in presentation format, as
/// `keymgr <zone> ds`, `keymgr <zone> dnskey`, `dig DNSKEY` or a `*.key` file print them.
public struct TrustAnchor: Sendable {
    /// The zone the anchors are for, fully qualified and lowercased.
    public let zone: String
    /// The DS/DNSKEY records, one presentation-format line each.
    public let records: [String]

    /// Parses anchor text: one record per line; blank lines and `;` comments are skipped; other
    /// record types are ignored.
    /// - Throws: `invalidTrustAnchor` when no DS/DNSKEY is found, a line does not parse, or the
    ///   records are for different zones.
    public init(text: String) throws(DNSError) {
        var records: [String] = []
        var zone: String?
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingSpaces
            guard !line.isEmpty, !line.hasPrefix(";") else { continue }
            let rr: LDNSResourceRecord
            do { rr = try LDNSResourceRecord(line) } catch {
                throw DNSError(.invalidTrustAnchor, "trust anchor line '\(line)' does not parse: \(error.message)")
            }
            guard rr.type == DNSRecordType.ds.rawValue || rr.type == DNSRecordType.dnskey.rawValue else { continue }
            let owner = rr.owner.description.lowercased()
            if let zone, zone != owner { throw DNSError(.invalidTrustAnchor, "trust anchors for both \(zone) and \(owner)") }
            zone = owner
            records.append(rr.description)
        }
        guard let zone, !records.isEmpty else { throw DNSError(.invalidTrustAnchor, "no DS or DNSKEY record in the trust anchor") }
        self.zone = zone
        self.records = records
    }

    /// Reads anchors from a file (see `init(text:)`).
    /// - Throws: `fileUnreadable`, `invalidTrustAnchor`.
    public init(file path: String) throws(DNSError) {
        try self.init(text: try FileText.read(path))
    }
}
