/// One record of an answer section, decoded into Sendable values.
public struct DNSAnswerRecord: Hashable, Sendable {
    /// The owner name in presentation format, fully qualified and lowercased.
    public let owner: String
    /// The RR type number.
    public let type: UInt16
    /// The TTL in seconds.
    public let ttl: UInt32
    /// The raw rdata fields (see `LDNSResourceRecord.rdataFields`).
    public let rdataFields: [[UInt8]]
    /// The record in presentation format.
    public let text: String

    /// For TXT records: the character-strings without their length bytes.
    public var characterStrings: [[UInt8]] {
        rdataFields.map { field in field.first.map { Array(field.dropFirst().prefix(Int($0))) } ?? [] }
    }
}
