// libFuzzer target: the libp2p Noise handshake payload (protobuf, identity key, signature check).
// Built and run by Fuzz/run.sh; a failed precondition is a finding.
import Libp2p

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNoisePayload(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let payload = try? NoiseHandshakePayload(bytes: bytes) {
        precondition((try? NoiseHandshakePayload(bytes: payload.bytes)) == payload, "payload does not round-trip")
        _ = try? payload.verify(staticKey: [UInt8](repeating: 0, count: 32))
    }
    if let message = try? IdentifyMessage(bytes: bytes) {
        precondition((try? IdentifyMessage(bytes: message.bytes)) == message, "identify does not round-trip")
    }
    return 0
}
