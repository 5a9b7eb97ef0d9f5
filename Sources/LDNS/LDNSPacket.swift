import CLDNS

/// An owned ldns packet (`ldns_pkt`), freed exactly once in `deinit`: wire encoding and decoding,
/// sections, EDNS0, and TSIG signing/verification.
///
/// Not `Sendable` (mutable C object); build, send and inspect it inside one task.
public final class LDNSPacket: CustomStringConvertible {
    let pointer: UnsafeMutablePointer<ldns_pkt>

    /// A message section.
    public enum Section: Sendable {
        /// The question section (the zone section of an UPDATE).
        case question
        /// The answer section (the prerequisite section of an UPDATE).
        case answer
        /// The authority section (the update section of an UPDATE).
        case authority
        /// The additional section.
        case additional

        var ldns: ldns_pkt_section {
            switch self {
            case .question: LDNS_SECTION_QUESTION
            case .answer: LDNS_SECTION_ANSWER
            case .authority: LDNS_SECTION_AUTHORITY
            case .additional: LDNS_SECTION_ADDITIONAL
            }
        }
    }

    /// Decodes a DNS message from wire format.
    /// - Throws: `LDNSError` when ldns cannot parse it (truncated, bad compression pointer, bad rdata…).
    public init(wire: [UInt8]) throws(LDNSError) {
        var out: UnsafeMutablePointer<ldns_pkt>?
        let status = wire.withUnsafeBufferPointer { ldns_wire2pkt(&out, $0.baseAddress, $0.count) }
        guard status == LDNS_STATUS_OK, let out else { throw LDNSError(status, "DNS message") }
        pointer = out
    }

    private init(owning pointer: UnsafeMutablePointer<ldns_pkt>) { self.pointer = pointer }

    deinit { ldns_pkt_free(pointer) }

    /// A query for `name`/`type` in class IN.
    /// - Parameters:
    ///   - udpPayloadSize: when set, an EDNS0 OPT record advertising this UDP payload size is added.
    ///   - dnssecOK: sets the EDNS0 DO bit (implies EDNS0, 1232 bytes when no size is given).
    public static func query(name: LDNSDomainName, type: UInt16, id: UInt16, recursionDesired: Bool,
                             udpPayloadSize: UInt16?, dnssecOK: Bool = false) -> LDNSPacket {
        // ldns_pkt_query_new takes ownership of the name rdf: hand it a clone.
        let pkt = ldns_pkt_query_new(name.transferableClone(), ldns_rr_type(rawValue: UInt32(type)), LDNS_RR_CLASS_IN,
                                     UInt16(recursionDesired ? LDNS_RD : 0))!
        ldns_pkt_set_id(pkt, id)
        if let size = udpPayloadSize ?? (dnssecOK ? 1232 : nil) {
            ldns_pkt_set_edns_udp_size(pkt, size)
            ldns_pkt_set_edns_do(pkt, dnssecOK)
        }
        return LDNSPacket(owning: pkt)
    }

    /// An RFC 2136 UPDATE for `zone` (class IN) whose update section holds clones of `updates`.
    public static func update(zone: LDNSDomainName, updates: [LDNSResourceRecord], id: UInt16) -> LDNSPacket {
        let list = LDNSRecordList(updates)
        // ldns_update_pkt_new takes ownership of the zone rdf and clones the lists.
        let pkt = ldns_update_pkt_new(zone.transferableClone(), LDNS_RR_CLASS_IN, nil, list.pointer, nil)!
        ldns_pkt_set_rd(pkt, false)
        ldns_pkt_set_id(pkt, id)
        return LDNSPacket(owning: pkt)
    }

    /// Encodes the packet (including any TSIG record) to wire format.
    public func wire() throws(LDNSError) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        let status = ldns_pkt2wire(&out, pointer, &size)
        guard status == LDNS_STATUS_OK, let out else { throw LDNSError(status, "encoding DNS message") }
        defer { free(out) }
        return Array(UnsafeBufferPointer(start: out, count: size))
    }

    /// The message ID.
    public var id: UInt16 { ldns_pkt_id(pointer) }
    /// Whether the QR bit is set (a response).
    public var isResponse: Bool { ldns_pkt_qr(pointer) }
    /// Whether the TC bit is set (truncated).
    public var isTruncated: Bool { ldns_pkt_tc(pointer) }
    /// Whether the AA bit is set.
    public var isAuthoritative: Bool { ldns_pkt_aa(pointer) }
    /// The opcode (0 QUERY, 5 UPDATE).
    public var opcode: UInt8 { UInt8(truncatingIfNeeded: ldns_pkt_get_opcode(pointer).rawValue) }
    /// The RCODE (header bits plus the EDNS0 extended bits).
    public var rcode: UInt16 {
        UInt16(truncatingIfNeeded: ldns_pkt_get_rcode(pointer).rawValue) | (UInt16(ldns_pkt_edns_extended_rcode(pointer)) << 4)
    }

    /// Clones of the records in `section`.
    public func records(in section: Section) -> [LDNSResourceRecord] {
        guard let list = ldns_pkt_get_section_clone(pointer, section.ldns) else { return [] }
        return LDNSRecordList(owning: list).records
    }

    /// Signs the packet with TSIG (RFC 8945), replacing any earlier TSIG record.
    /// - Parameters:
    ///   - keyName: the key's name, e.g. `update-key.`
    ///   - secret: the shared secret in base64.
    ///   - algorithm: e.g. `hmac-sha256.`
    /// - Throws: `LDNSError` for an unknown algorithm or a secret that is not base64.
    public func signTSIG(keyName: String, secret: String, algorithm: String, fudge: UInt16 = 300) throws(LDNSError) {
        let status = ldns_pkt_tsig_sign(pointer, keyName, secret, fudge, algorithm, nil)
        guard status == LDNS_STATUS_OK else { throw LDNSError(status, "TSIG signing") }
    }

    /// Whether the packet carries a TSIG record.
    public var hasTSIG: Bool { ldns_pkt_tsig(pointer) != nil }

    /// Verifies this response's TSIG against the request that was signed with the same key.
    /// - Parameter wire: this response exactly as received (the MAC covers the wire bytes).
    public func verifyTSIG(wire: [UInt8], keyName: String, secret: String, request: LDNSPacket) -> Bool {
        guard let requestTSIG = ldns_pkt_tsig(request.pointer), let mac = ldns_rr_rdf(requestTSIG, 3) else { return false }
        guard ldns_pkt_tsig(pointer) != nil else { return false }
        return wire.withUnsafeBufferPointer { ldns_pkt_tsig_verify(pointer, $0.baseAddress, $0.count, keyName, secret, mac) }
    }

    /// The TSIG error field of this packet's TSIG record (16 BADSIG, 17 BADKEY, 18 BADTIME), or `nil`.
    public var tsigError: UInt16? {
        guard let tsig = ldns_pkt_tsig(pointer), let rdf = ldns_rr_rdf(tsig, 5) else { return nil }
        return ldns_rdf2native_int16(rdf)
    }

    /// The packet in dig-like presentation format.
    public var description: String { takeString(ldns_pkt2str(pointer)) }
}
