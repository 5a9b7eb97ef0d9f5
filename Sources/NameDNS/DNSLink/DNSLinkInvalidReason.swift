/// Why a `dnslink=` TXT entry was rejected, with dnslink-std's reason codes.
public enum DNSLinkInvalidReason: String, Error, Sendable, CaseIterable {
    /// The value after `dnslink=` does not start with `/`.
    case wrongStart = "WRONG_START"
    /// The value contains a byte outside printable ASCII (0x20–0x7E).
    case invalidCharacter = "INVALID_CHARACTER"
    /// The namespace (between the first two `/`) is empty.
    case namespaceMissing = "NAMESPACE_MISSING"
    /// Nothing follows the namespace.
    case noIdentifier = "NO_IDENTIFIER"
}
