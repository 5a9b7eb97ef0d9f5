// libFuzzer target: the IPNS record decoder and every validation check, against fixed names.
// Built and run by Fuzz/run.sh; a failed precondition is a finding.
import Multiformats
import NameKeys
import NameRecord

/// A spec-vector name (identity multihash: the key is embedded).
private let embeddedName = try! Name("k51qzi5uqu5dlkw8pxuw9qmqayfdeh4kfebhmreauqdc6a7c3y7d5i9fi8mk9w")
/// The sha2-256 form of a name: records for it must carry pubKey.
private let hashedName = try! Name(multihash: Multihash(code: Multihash.sha2_256, digest: [UInt8](repeating: 0xab, count: 32)))
private let contexts = [
    ValidationContext(name: embeddedName, now: Timestamp(seconds: 1_700_000_000), highestSeenSequence: 1),
    ValidationContext(name: hashedName, now: Timestamp(seconds: 1_700_000_000)),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecord(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let record: Record
    do {
        record = try Record(bytes: bytes)
    } catch {
        precondition(error.code == .recordTooLarge || error.code == .malformedRecord, "Record(bytes:) threw \(error.code)")
        return 0
    }
    // The decoded envelope re-serializes to bytes that decode to the same fields.
    let reencoded = record.entry.bytes
    precondition((try? IPNSEntry(bytes: reencoded)) == record.entry, "IPNSEntry does not round-trip")
    if let d = record.data {
        let again = try? RecordData(cbor: d.cbor)
        precondition(again?.value == d.value && again?.validity == d.validity && again?.validityType == d.validityType
            && again?.sequence == d.sequence && again?.ttl == d.ttl, "RecordData does not round-trip")
    }
    for context in contexts {
        _ = try? RecordValidator.standard.validate(record, in: context)
        for check in RecordValidator.standard.checks { _ = try? check.check(record, in: context) }
        if let key = try? record.verificationKey(for: context.name) { _ = record.signatureV1Valid(key: key) }
    }
    if let key = embeddedName.embeddedKey { _ = record.signatureV1Valid(key: key) }
    _ = record.validity
    precondition(!RecordSelection.isPreferred(record, over: record), "a record is preferred over itself")
    return 0
}
