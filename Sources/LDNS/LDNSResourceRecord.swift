import CLDNS

/// An owned ldns resource record (`ldns_rr`). Freed exactly once, in `deinit`.
///
/// Records never share their C object: whatever is handed to a list or packet is a clone.
/// Not `Sendable` (mutable C object).
public final class LDNSResourceRecord: CustomStringConvertible {
    let pointer: UnsafeMutablePointer<ldns_rr>

    /// Parses one record in presentation format (`owner ttl class type rdata`).
    /// - Throws: `LDNSError` when ldns rejects the text.
    public init(_ text: String) throws(LDNSError) {
        var out: UnsafeMutablePointer<ldns_rr>?
        let status = ldns_rr_new_frm_str(&out, text, 0, nil, nil)
        guard status == LDNS_STATUS_OK, let out else { throw LDNSError(status, "record '\(text)'") }
        pointer = out
    }

    /// Takes ownership of `pointer`.
    init(owning pointer: UnsafeMutablePointer<ldns_rr>) { self.pointer = pointer }

    /// Wraps a clone of a record that something else owns.
    convenience init(cloning pointer: UnsafePointer<ldns_rr>) {
        self.init(owning: ldns_rr_clone(pointer))
    }

    deinit { ldns_rr_free(pointer) }

    /// An RFC 2136 "delete an RRset" record: class ANY, TTL 0, no rdata.
    public static func deleteRRset(owner: LDNSDomainName, type: UInt16) -> LDNSResourceRecord {
        let rr = ldns_rr_new()!
        ldns_rr_set_owner(rr, owner.transferableClone())
        ldns_rr_set_type(rr, ldns_rr_type(rawValue: UInt32(type)))
        ldns_rr_set_class(rr, LDNS_RR_CLASS_ANY)
        ldns_rr_set_ttl(rr, 0)
        ldns_rr_set_question(rr, false)
        return LDNSResourceRecord(owning: rr)
    }

    /// A clone whose ownership passes to the caller.
    func transferableClone() -> UnsafeMutablePointer<ldns_rr> { ldns_rr_clone(pointer) }

    /// The owner name.
    public var owner: LDNSDomainName { LDNSDomainName(owning: ldns_rdf_clone(ldns_rr_owner(pointer))) }
    /// The RR type number (16 = TXT, 46 = RRSIG, 48 = DNSKEY, 43 = DS).
    public var type: UInt16 { UInt16(truncatingIfNeeded: ldns_rr_get_type(pointer).rawValue) }
    /// The class number (1 = IN).
    public var rrClass: UInt16 { UInt16(truncatingIfNeeded: ldns_rr_get_class(pointer).rawValue) }
    /// The TTL in seconds.
    public var ttl: UInt32 { ldns_rr_ttl(pointer) }

    /// The raw bytes of each rdata field, as ldns stores them (a TXT character-string keeps its length byte).
    public var rdataFields: [[UInt8]] {
        (0..<ldns_rr_rd_count(pointer)).map { i in
            guard let rdf = ldns_rr_rdf(pointer, i), let data = ldns_rdf_data(rdf) else { return [] }
            return Array(UnsafeBufferPointer(start: data, count: ldns_rdf_size(rdf)))
        }
    }

    /// For TXT (and SPF) records: the character-strings, each without its length byte.
    public var characterStrings: [[UInt8]] {
        rdataFields.map { field in
            guard let length = field.first else { return [] }
            return Array(field.dropFirst().prefix(Int(length)))
        }
    }

    /// For an RRSIG: the type it covers.
    public var rrsigTypeCovered: UInt16? {
        guard type == 46, let rdf = ldns_rr_rrsig_typecovered(pointer) else { return nil }
        return UInt16(truncatingIfNeeded: ldns_rdf2rr_type(rdf).rawValue)
    }

    /// For an RRSIG: the signer's name (the zone whose key made it).
    public var rrsigSigner: LDNSDomainName? {
        guard type == 46, let rdf = ldns_rr_rrsig_signame(pointer) else { return nil }
        return LDNSDomainName(owning: ldns_rdf_clone(rdf))
    }

    /// Whether this DS record matches the DNSKEY `key` (or two keys are equal).
    public func dsMatches(_ key: LDNSResourceRecord) -> Bool { ldns_rr_compare_ds(pointer, key.pointer) }

    /// Presentation format, one line without the trailing newline.
    public var description: String {
        var text = takeString(ldns_rr2str(pointer))
        while text.last == "\n" { text.removeLast() }
        return text
    }
}
