/// Sequence numbers use the full UInt64 range, beyond SQLite's signed INTEGER; the store keeps
/// them as 20-digit zero-padded text so that SQL ordering and `MAX()` stay correct.
enum SequenceText {
    static func encode(_ value: UInt64) -> String {
        let digits = String(value)
        return String(repeating: "0", count: 20 - digits.count) + digits
    }

    static func decode(_ text: String) -> UInt64? { UInt64(text) }
}
