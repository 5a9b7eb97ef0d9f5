/// One TXT record as a DNSLink resolver sees it: its character-strings and TTL.
public struct DNSLinkTXTValue: Hashable, Sendable {
    /// The character-strings of the record, each at most 255 bytes, in order.
    public let strings: [[UInt8]]
    /// The record's TTL in seconds.
    public let ttl: UInt32

    /// Makes a TXT value from its character-strings.
    public init(strings: [[UInt8]], ttl: UInt32) {
        self.strings = strings
        self.ttl = ttl
    }

    /// The value: all character-strings concatenated (a long value travels split at 255 bytes).
    public var value: [UInt8] { strings.flatMap { $0 } }
}
