import NameKeys

/// Records that arrived beside another answer (signed `ipns-record=` TXT values next to a DNSLink)
/// entering the next hop's race as candidates like any others: a stale or forged one is dropped
/// by validation, never trusted and never a hard error on its own.
struct CarriedRecordsSource: RecordSource {
    let identity: EndpointIdentity
    let records: [[UInt8]]

    func candidates(for name: Name) async throws -> [[UInt8]] { records }
}
