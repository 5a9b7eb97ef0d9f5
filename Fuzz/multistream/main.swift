// libFuzzer target: multistream-select message decoding.
// Built and run by Fuzz/run.sh; a failed precondition is a finding.
import Libp2p

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMultistream(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let message = try? Multistream.decode(bytes) {
        precondition(Array(Multistream.encode(message).drop { $0 & 0x80 != 0 }.dropFirst()) == bytes,
                     "multistream message does not round-trip")
    }
    return 0
}
