// libFuzzer target: CID (text and binary), multibase and multihash decoding, and IPNS name parsing.
// Built and run by Fuzz/run.sh; a failed precondition is a finding.
import Multiformats
import NameKeys

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCID(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: bytes, as: UTF8.self)

    if let cid = try? CID(text) {
        precondition((try? CID(cid.description)) == cid, "CID text does not round-trip: \(text)")
    }
    if let (base, decoded) = try? Multibase.decode(text) {
        let encoded = base.encode(decoded)
        precondition((try? Multibase.decode(encoded))?.bytes == decoded, "multibase does not round-trip: \(text)")
        // Decoding is canonical: one text per byte string (base16 alone is case-insensitive).
        precondition(base == .base16 || encoded == text, "non-canonical multibase accepted: \(text)")
    }
    if let name = try? Name(text) {
        precondition((try? Name(name.description)) == name, "name does not round-trip: \(text)")
        _ = name.path
        _ = name.peerID
        _ = name.routingKey
    }
    // Binary forms: a decoded value re-encodes to exactly the input.
    if let cid = try? CID(bytes: bytes) {
        precondition(cid.bytes == bytes, "binary CID does not round-trip")
    }
    if let mh = try? Multihash(bytes: bytes) {
        precondition(mh.bytes == bytes, "multihash does not round-trip")
        _ = try? Name(multihash: mh)
    }
    var offset = 0
    if let v = try? Varint.decode(bytes, at: &offset) {
        precondition(Varint.encode(v) == Array(bytes[0..<offset]), "varint does not round-trip")
    }
    return 0
}
