import NameRecord

import NameCore

/// The one error type of NameDNS: a stable `code` (snake_case, for JSON output and logs), a human
/// `reason`, and the DNS RCODE or record-validation code when one caused it. Equality compares `code` only.
public typealias DNSError = CodedError<DNSErrorCode>

/// The stable failure codes of `DNSError`.
public struct DNSErrorCode: ErrorCode {
    /// The stable string.
    public let rawValue: String
    /// Makes a code from its stable string.
    public init(rawValue: String) { self.rawValue = rawValue }
}

extension DNSErrorCode {
    /// A domain name is empty or malformed (label over 63 bytes, name over 255 bytes).
    public static let invalidDomain: Self = "invalid_domain"

    /// A server address is not `host[:port]` with a numeric IPv4/IPv6 host.
    public static let invalidServer: Self = "invalid_server"

    /// No DNS server is configured (empty list, no usable `nameserver` in resolv.conf).
    public static let noServers: Self = "no_servers"

    /// No server answered within the time limit (every attempt timed out).
    public static let timeout: Self = "timeout"

    /// Sockets failed (connection refused, network unreachable…).
    public static let network: Self = "network_error"

    /// Answers arrived but none matched the query (wrong ID, wrong question, not a response).
    public static let mismatchedResponse: Self = "mismatched_response"

    /// An answer could not be decoded.
    public static let malformedResponse: Self = "malformed_response"

    /// The UDP answer was truncated and TCP did not deliver the full one.
    public static let truncated: Self = "truncated"

    /// The answer's RCODE is not NOERROR (`rcode` holds it; dnslink-std `DNS_RCODE_<n>`).
    public static let rcode: Self = "dns_rcode"

    /// The domain has no valid DNSLink entry for the operation.
    public static let noDNSLink: Self = "no_dnslink"

    /// An `ipns-record=` TXT value is not valid base64 or is too large.
    public static let malformedSignedRecord: Self = "malformed_signed_record"

    /// A zone snippet or update would carry an invalid DNSLink value or record.
    public static let invalidValue: Self = "invalid_value"

    /// A TSIG specification or key file is malformed.
    public static let invalidTSIG: Self = "invalid_tsig"

    /// The server refused the UPDATE (REFUSED).
    public static let updateRefused: Self = "update_refused"

    /// The server rejected the UPDATE's authentication (NOTAUTH, BADSIG, BADKEY, BADTIME).
    public static let updateNotAuthorized: Self = "update_not_authorized"

    /// The UPDATE failed with another RCODE (`rcode` holds it).
    public static let updateFailed: Self = "update_failed"

    /// The server's answer to the UPDATE did not carry a valid TSIG signature.
    public static let responseNotAuthenticated: Self = "response_not_authenticated"

    /// After the UPDATE, querying back did not return the published TXT records.
    public static let verificationFailed: Self = "verification_failed"

    /// A trust anchor file is missing, unreadable, or holds no DS/DNSKEY record.
    public static let invalidTrustAnchor: Self = "invalid_trust_anchor"

    /// DNSSEC validation of the answer failed (bogus).
    public static let dnssecBogus: Self = "dnssec_bogus"

    /// A file could not be read.
    public static let fileUnreadable: Self = "file_unreadable"
}

extension CodedError where Code == DNSErrorCode {
    /// Makes an error carrying the DNS RCODE behind it.
    public init(_ code: Code, _ reason: String, rcode: UInt16?) {
        self.init(code, reason, protocolCode: rcode.map(Int64.init))
    }

    /// The DNS RCODE behind `.rcode` / `.updateFailed` / `.updateRefused` / `.updateNotAuthorized`.
    public var rcode: UInt16? { protocolCode.map { UInt16(truncatingIfNeeded: $0) } }

    /// The dnslink-std error code for `.rcode` errors (`DNS_RCODE_3` for NXDOMAIN), else `nil`.
    public var dnslinkErrorCode: String? {
        guard code == .rcode, let rcode else { return nil }
        return "DNS_RCODE_\(rcode)"
    }
}
