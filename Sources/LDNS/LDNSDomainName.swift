import CLDNS

/// An owned ldns domain-name rdf (`ldns_rdf` of type DNAME). Freed exactly once, in `deinit`.
///
/// Not `Sendable`: the wrapped C object is mutable and not thread-safe. Use it inside one task.
public final class LDNSDomainName: CustomStringConvertible {
    let pointer: UnsafeMutablePointer<ldns_rdf>

    /// Parses a domain name in presentation format (`example.com`, `example.com.`, escapes allowed).
    /// - Throws: `LDNSError` for an empty or malformed name (label over 63 bytes, name over 255).
    public init(_ text: String) throws(LDNSError) {
        guard !text.isEmpty else { throw LDNSError(message: "empty domain name") }
        var out: UnsafeMutablePointer<ldns_rdf>?
        let status = ldns_str2rdf_dname(&out, text)
        guard status == LDNS_STATUS_OK, let out else { throw LDNSError(status, "domain name '\(text)'") }
        pointer = out
    }

    /// Makes a name from its uncompressed wire form (as found in rdata fields).
    /// - Throws: `LDNSError` when the bytes are not a valid name.
    public init(wire: [UInt8]) throws(LDNSError) {
        var out: UnsafeMutablePointer<ldns_rdf>?
        var position = 0
        let status = wire.withUnsafeBufferPointer { ldns_wire2dname(&out, $0.baseAddress, $0.count, &position) }
        guard status == LDNS_STATUS_OK, let out else { throw LDNSError(status, "domain name in wire format") }
        pointer = out
    }

    /// Takes ownership of `pointer`.
    init(owning pointer: UnsafeMutablePointer<ldns_rdf>) { self.pointer = pointer }

    deinit { ldns_rdf_deep_free(pointer) }

    /// A fresh copy of the C object whose ownership passes to the caller (for ldns calls that take it).
    func transferableClone() -> UnsafeMutablePointer<ldns_rdf> { ldns_rdf_clone(pointer) }

    /// Whether this name equals `other` or lies below it (case-insensitive).
    public func isAtOrBelow(_ other: LDNSDomainName) -> Bool {
        ldns_dname_compare(pointer, other.pointer) == 0 || ldns_dname_is_subdomain(pointer, other.pointer)
    }

    /// Whether two names are equal, ignoring case.
    public func equals(_ other: LDNSDomainName) -> Bool { ldns_dname_compare(pointer, other.pointer) == 0 }

    /// The number of labels, not counting the root.
    public var labelCount: Int { Int(ldns_dname_label_count(pointer)) }

    /// The parent name (one label removed), or `nil` at the root.
    public var parent: LDNSDomainName? {
        guard labelCount > 0, let left = ldns_dname_left_chop(pointer) else { return nil }
        return LDNSDomainName(owning: left)
    }

    /// Presentation format, fully qualified (`example.com.`).
    public var description: String { takeString(ldns_rdf2str(pointer)) }
}
