// libFuzzer harness for NameDHT's wire decoders: the strict bencode decoder and KRPC message parsing,
// the code every UDP datagram from the Internet reaches first.
//
// Build and run (from the package root; SWIFT_BACKTRACE off so a crash cannot hang the run):
//
//   mkdir -p .build-fuzz fuzz-out/bencode
//   swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name NameDHTFuzz \
//     Fuzz/bencode/main.swift Sources/NameDHT/DHTError.swift Sources/NameDHT/SHA1.swift \
//     Sources/NameDHT/Bencode/*.swift Sources/NameDHT/KRPC/*.swift \
//     Sources/NameDHT/Routing/NodeID.swift Sources/NameDHT/Routing/DHTContact.swift \
//     Sources/NameDHT/Transport/DHTEndpoint.swift -o .build-fuzz/fuzz-bencode
//   SWIFT_BACKTRACE=enable=no timeout 120 .build-fuzz/fuzz-bencode -max_total_time=60 -max_len=4096 \
//     fuzz-out/bencode Fuzz/bencode/corpus
//
// Invariants checked on every input: no crash or hang; whatever the bencode decoder accepts
// re-encodes to exactly the same bytes (the decoder only accepts canonical input); every KRPC message
// that parses re-encodes to a message that parses again to the same kind.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBencode(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let value = try? BencodeDecoder().decode(bytes) {
        precondition(value.encoded == bytes, "accepted non-canonical bencode")
    }
    if let message = try? KRPCMessage(decoding: bytes) {
        guard let again = try? KRPCMessage(decoding: message.encoded) else { fatalError("re-encoded KRPC message does not parse") }
        precondition(again.transactionID == message.transactionID, "transaction id changed in a round trip")
    }
    return 0
}
