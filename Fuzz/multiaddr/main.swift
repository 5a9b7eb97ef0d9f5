// libFuzzer target: multiaddr decoding, text and binary, and peer IDs.
// Built and run by Fuzz/run.sh; a failed precondition is a finding.
import Libp2p

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMultiaddr(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let addr = try? Multiaddr(bytes: bytes) {
        precondition(addr.bytes == bytes, "binary multiaddr does not round-trip")
        precondition((try? Multiaddr(addr.description)) == addr, "multiaddr text does not round-trip: \(addr)")
        _ = addr.tcpEndpoint
        _ = addr.isPrivate
    }
    let text = String(decoding: bytes, as: UTF8.self)
    if let addr = try? Multiaddr(text) {
        precondition((try? Multiaddr(bytes: addr.bytes)) == addr, "parsed multiaddr does not round-trip in binary: \(text)")
    }
    if let id = try? PeerID(bytes: bytes) {
        precondition(id.bytes == bytes && (try? PeerID(id.description)) == id, "peer ID does not round-trip")
    }
    return 0
}
