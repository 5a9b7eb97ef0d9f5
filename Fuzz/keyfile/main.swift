// libFuzzer target: key-file import in both formats (libp2p protobuf and PKCS#8 PEM) and detection.
// Built and run by Fuzz/run.sh; a failed precondition is a finding.
import NameKeys

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKeyFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let formats: [KeyFormat?] = [nil] + KeyFormat.allCases
    for format in formats {
        guard let key = try? KeyFile.import(bytes, format: format) else { continue }
        // An imported key exports in every format and imports back to the same key.
        for out in KeyFormat.allCases {
            let exported = KeyFile.export(key, format: out)
            precondition(KeyFile.detectFormat(exported) == out, "exported \(out) is detected as another format")
            precondition((try? KeyFile.import(exported, format: out))?.publicKey == key.publicKey, "\(out) does not round-trip")
        }
    }
    return 0
}
