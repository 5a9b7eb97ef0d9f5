// libFuzzer target: yamux frame headers.
// Built and run by Fuzz/run.sh; a failed precondition is a finding.
import Libp2p

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYamux(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var offset = 0
    while offset + YamuxFrame.headerLength <= bytes.count {
        let header = Array(bytes[offset..<offset + YamuxFrame.headerLength])
        if let frame = try? YamuxFrame(header: header) {
            precondition(frame.bytes == header, "yamux header does not round-trip")
        }
        offset += YamuxFrame.headerLength
    }
    return 0
}
