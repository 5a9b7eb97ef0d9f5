/// The DNSSEC verdict on an answer (RFC 4035 §4.3 terms).
public enum DNSSECStatus: String, Sendable {
    /// A chain of valid signatures leads from the trust anchor to the answer.
    case secure
    /// No trust anchor covers the answer's name, so DNSSEC cannot say anything about it.
    case insecure
    /// The answer should be signed (it lies under the anchor) but the chain does not verify.
    case bogus
}
