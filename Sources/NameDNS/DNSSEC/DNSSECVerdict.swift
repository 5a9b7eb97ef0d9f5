/// A DNSSEC status with the reason for it.
public struct DNSSECVerdict: Sendable, CustomStringConvertible {
    /// secure, insecure or bogus.
    public let status: DNSSECStatus
    /// Why (the zone whose keys signed it, or the step that failed).
    public let reason: String

    public var description: String { "\(status.rawValue): \(reason)" }
}
