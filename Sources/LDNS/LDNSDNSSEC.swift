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
        let good = LDNSRecordList()
        let status = ldns_verify(set.pointer, sigs.pointer, keyList.pointer, good.pointer)
        guard status == LDNS_STATUS_OK else { return Verification(error: LDNSError(status, "RRSIG verification"), goodKeys: []) }
        return Verification(error: nil, goodKeys: good.records)
    }
}
