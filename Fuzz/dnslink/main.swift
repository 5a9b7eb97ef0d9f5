// libFuzzer harness for DNSLink TXT parsing: raw TXT values, split character-strings, and whole
// DNS answers decoded through the LDNS wrapper (so ASan also checks its ownership of ldns objects).
//
// Build and run from the package root (see swift-notes.md: never without SWIFT_BACKTRACE/timeout):
//
//   swiftc -sanitize=fuzzer,address -parse-as-library -module-name DNSLinkFuzz -I Sources/CLDNS -lldns \
//     Fuzz/dnslink/main.swift Sources/LDNS/*.swift \
//     Sources/NameDNS/DNSLink/DNSLinkEntry.swift Sources/NameDNS/DNSLink/DNSLinkInvalidReason.swift \
//     Sources/NameDNS/DNSLink/DNSLinkLogEntry.swift Sources/NameDNS/DNSLink/DNSLinkIdentifier.swift \
//     Sources/NameDNS/DNSLink/DNSLinkTXTValue.swift Sources/NameDNS/DNSLink/DNSLinkResult.swift \
//     Sources/NameDNS/DNSLink/JSONText.swift Sources/NameDNS/Zone/ZoneRecord.swift -o .build/fuzz-dnslink
//   mkdir -p fuzz-out/dnslink && SWIFT_BACKTRACE=enable=no timeout 120 .build/fuzz-dnslink -max_total_time=60 fuzz-out/dnslink
//
// Invariants checked: parsing never crashes; a valid entry round-trips to the same bytes; the
// JSON is produced for every input; a zone-file rendering of the value parses back in ldns to
// the same character-strings.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDNSLink(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))

    // 1. The bytes as one TXT value.
    if case .success(let entry)? = DNSLinkEntry.parse(txt: bytes) {
        precondition(Array("dnslink=\(entry.path)".utf8) == bytes, "valid entry does not round-trip")
    }

    // 2. The bytes as a TXT record split into character-strings (first byte = chunk size).
    let chunk = max(1, Int(bytes.first ?? 1))
    let body = Array(bytes.dropFirst())
    let strings = stride(from: 0, to: body.count, by: chunk).map { Array(body[$0..<min($0 + chunk, body.count)]) }
    let txt = DNSLinkTXTValue(strings: strings.isEmpty ? [[]] : strings, ttl: 60)
    let result = DNSLinkResult(txt: [txt], log: [])
    precondition(result.json.hasPrefix("{\"links\":{"))

    // 3. Zone-file rendering parses back in ldns to the same strings.
    let safeStrings = (strings.isEmpty ? [[]] : strings).map { Array($0.prefix(255)) }
    let record = ZoneRecord(owner: "_dnslink.fuzz.example.", ttl: 60, strings: safeStrings)
    if let parsed = try? LDNSResourceRecord(record.zoneLine) {
        precondition(parsed.characterStrings == safeStrings, "zone line does not round-trip: \(record.zoneLine)")
    } else {
        preconditionFailure("ldns rejects a rendered zone line: \(record.zoneLine)")
    }

    // 4. The bytes as a whole DNS message.
    if let packet = try? LDNSPacket(wire: bytes) {
        let values = packet.records(in: .answer).filter { $0.type == 16 }.map { DNSLinkTXTValue(strings: $0.characterStrings, ttl: $0.ttl) }
        _ = DNSLinkResult(txt: values, log: []).json
        _ = packet.description
        _ = try? packet.wire()
    }
    return 0
}
