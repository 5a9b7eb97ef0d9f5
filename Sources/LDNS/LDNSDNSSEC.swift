import CLDNS

/// DNSSEC signature checks through ldns (`ldns_verify`), which also enforces RRSIG inception/expiry.
public enum LDNSDNSSEC {
    /// The outcome of verifying an RRset.
    public struct Verification {
        /// `nil` when at least one signature verified; otherwise ldns's reason.
        public let error: LDNSError?
        /// The keys (from the supplied set) that made a verifying signature.
        public let goodKeys: [LDNSResourceRecord]
    }

    /// Verifies `rrset` with any of `signatures` under any of `keys` (DNSKEY records).
    public static func verify(rrset: [LDNSResourceRecord], signatures: [LDNSResourceRecord], keys: [LDNSResourceRecord]) -> Verification {
        guard !rrset.isEmpty else { return Verification(error: LDNSError(message: "empty RRset"), goodKeys: []) }
        guard !signatures.isEmpty else { return Verification(error: LDNSError(message: "no RRSIG covers the RRset"), goodKeys: []) }
        guard !keys.isEmpty else { return Verification(error: LDNSError(message: "no DNSKEY to verify with"), goodKeys: []) }
        let set = LDNSRecordList(rrset)
        let sigs = LDNSRecordList(signatures)
        let keyList = LDNSRecordList(keys)
        // ldns_verify pushes *borrowed* pointers from `keyList` onto `good`: clone them out, then
        // free only the list structure (a deep free would free keyList's records a second time).
        let good = ldns_rr_list_new()!
        defer { ldns_rr_list_free(good) }
        let status = ldns_verify(set.pointer, sigs.pointer, keyList.pointer, good)
        guard status == LDNS_STATUS_OK else { return Verification(error: LDNSError(status, "RRSIG verification"), goodKeys: []) }
        let goodKeys = (0..<ldns_rr_list_rr_count(good)).compactMap { i in
            ldns_rr_list_rr(good, i).map { LDNSResourceRecord(cloning: $0) }
        }
        return Verification(error: nil, goodKeys: goodKeys)
    }
}
