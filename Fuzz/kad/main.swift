// libFuzzer target: kad-dht message decoding (records, closer peers, multiaddrs inside).
// Built and run by Fuzz/run.sh; a failed precondition is a finding.
import NameAmino

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKad(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let message = try? KadMessage(bytes: bytes) {
        precondition((try? KadMessage(bytes: message.bytes)) == message, "kad message does not round-trip")
    }
    return 0
}
