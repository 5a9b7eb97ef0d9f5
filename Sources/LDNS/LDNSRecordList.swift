import CLDNS

/// An owned ldns record list (`ldns_rr_list`), deep-freed exactly once in `deinit`.
///
/// Built from clones of the given records, so the Swift record objects keep their own C objects.
/// Not `Sendable`.
public final class LDNSRecordList {
    let pointer: UnsafeMutablePointer<ldns_rr_list>

    /// A list holding clones of `records`.
    public init(_ records: [LDNSResourceRecord] = []) {
        pointer = ldns_rr_list_new()!
        for record in records { _ = ldns_rr_list_push_rr(pointer, record.transferableClone()) }
    }

    /// Takes ownership of `pointer` (the list and its records).
    init(owning pointer: UnsafeMutablePointer<ldns_rr_list>) { self.pointer = pointer }

    deinit { ldns_rr_list_deep_free(pointer) }

    /// Clones of the records in the list.
    public var records: [LDNSResourceRecord] {
        (0..<ldns_rr_list_rr_count(pointer)).compactMap { i in
            ldns_rr_list_rr(pointer, i).map { LDNSResourceRecord(cloning: $0) }
        }
    }

    /// The number of records.
    public var count: Int { ldns_rr_list_rr_count(pointer) }
}
