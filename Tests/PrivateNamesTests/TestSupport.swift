import Foundation

/// Lowercase hex of `bytes`.
func hex(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}

/// Bytes from hex text (test constants only: traps on bad input).
func hexBytes(_ text: String) -> [UInt8] {
    let chars = Array(text.utf8)
    precondition(chars.count % 2 == 0)
    return stride(from: 0, to: chars.count, by: 2).map { UInt8(String(decoding: chars[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
}
