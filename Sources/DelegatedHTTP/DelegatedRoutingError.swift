/// Errors of the Delegated Routing V1 HTTP client, with stable codes.
public struct DelegatedRoutingError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Stable failure codes.
    public enum Code: String, Sendable {
        /// The endpoint URL is malformed.
        case invalidEndpoint = "invalid_endpoint"
        /// Connection failed or timed out.
        case unreachable = "unreachable"
        /// The server answered with an unexpected status.
        case httpStatus = "http_status"
        /// The server refused a PUT (400/409/413…); `reason` carries its message.
        case refused = "refused"
        /// The response body is larger than a record may be.
        case oversized = "oversized"
    }

    /// What went wrong.
    public let code: Code
    /// A human explanation.
    public let reason: String

    /// Makes an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { reason }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
