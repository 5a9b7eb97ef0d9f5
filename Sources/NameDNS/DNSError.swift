import NameRecord

/// The one error type of NameDNS: a stable `code` (snake_case, for JSON output and logs), a human
/// `reason`, and the DNS RCODE or record-validation code when one caused it. Equality compares `code` only.
public struct DNSError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Stable failure codes.
    public enum Code: String, Sendable, CaseIterable {
        /// A domain name is empty or malformed (label over 63 bytes, name over 255 bytes).
        case invalidDomain = "invalid_domain"
        /// A server address is not `host[:port]` with a numeric IPv4/IPv6 host.
        case invalidServer = "invalid_server"
        /// No DNS server is configured (empty list, no usable `nameserver` in resolv.conf).
        case noServers = "no_servers"
        /// No server answered within the time limit (every attempt timed out).
        case timeout = "timeout"
        /// Sockets failed (connection refused, network unreachable…).
        case network = "network_error"
        /// Answers arrived but none matched the query (wrong ID, wrong question, not a response).
        case mismatchedResponse = "mismatched_response"
        /// An answer could not be decoded.
        case malformedResponse = "malformed_response"
        /// The UDP answer was truncated and TCP did not deliver the full one.
        case truncated = "truncated"
        /// The answer's RCODE is not NOERROR (`rcode` holds it; dnslink-std `DNS_RCODE_<n>`).
        case rcode = "dns_rcode"
        /// The domain has no valid DNSLink entry for the operation.
        case noDNSLink = "no_dnslink"
        /// An `ipns-record=` TXT value is not valid base64 or is too large.
        case malformedSignedRecord = "malformed_signed_record"
        /// A signed record found in DNS failed validation (`recordError` says why).
        case signedRecordInvalid = "signed_record_invalid"
        /// A zone snippet or update would carry an invalid DNSLink value or record.
        case invalidValue = "invalid_value"
        /// A TSIG specification or key file is malformed.
        case invalidTSIG = "invalid_tsig"
        /// The server refused the UPDATE (REFUSED).
        case updateRefused = "update_refused"
        /// The server rejected the UPDATE's authentication (NOTAUTH, BADSIG, BADKEY, BADTIME).
        case updateNotAuthorized = "update_not_authorized"
        /// The UPDATE failed with another RCODE (`rcode` holds it).
        case updateFailed = "update_failed"
        /// The server's answer to the UPDATE did not carry a valid TSIG signature.
        case responseNotAuthenticated = "response_not_authenticated"
        /// After the UPDATE, querying back did not return the published TXT records.
        case verificationFailed = "verification_failed"
        /// A trust anchor file is missing, unreadable, or holds no DS/DNSKEY record.
        case invalidTrustAnchor = "invalid_trust_anchor"
        /// DNSSEC validation of the answer failed (bogus).
        case dnssecBogus = "dnssec_bogus"
        /// A path is not `/ipfs/…` or `/ipns/…`.
        case invalidPath = "invalid_path"
        /// Recursive resolution exceeded the depth limit (32).
        case recursionLimit = "recursion_limit"
        /// Recursive resolution came back to a name it had already visited.
        case resolutionLoop = "resolution_loop"
        /// A file could not be read.
        case fileUnreadable = "file_unreadable"
    }

    /// What went wrong, stable across releases.
    public let code: Code
    /// A human explanation.
    public let reason: String
    /// The DNS RCODE behind `.rcode` / `.updateFailed` / `.updateRefused` / `.updateNotAuthorized`.
    public let rcode: UInt16?
    /// The validation failure behind `.signedRecordInvalid`.
    public let recordError: RecordError?

    /// Makes an error.
    public init(_ code: Code, _ reason: String, rcode: UInt16? = nil, recordError: RecordError? = nil) {
        self.code = code
        self.reason = reason
        self.rcode = rcode
        self.recordError = recordError
    }

    /// The dnslink-std error code for `.rcode` errors (`DNS_RCODE_3` for NXDOMAIN), else `nil`.
    public var dnslinkErrorCode: String? {
        guard code == .rcode, let rcode else { return nil }
        return "DNS_RCODE_\(rcode)"
    }

    public var description: String { reason }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
