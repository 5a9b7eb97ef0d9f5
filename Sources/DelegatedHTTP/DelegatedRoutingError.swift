import NameCore

/// Errors of the Delegated Routing V1 HTTP client, with stable codes.
public typealias DelegatedRoutingError = CodedError<DelegatedRoutingErrorCode>

/// The stable failure codes of `DelegatedRoutingError`.
public struct DelegatedRoutingErrorCode: ErrorCode {
    /// The stable string.
    public let rawValue: String
    /// Makes a code from its stable string.
    public init(rawValue: String) { self.rawValue = rawValue }
}

extension DelegatedRoutingErrorCode {
    /// The endpoint URL is malformed.
    public static let invalidEndpoint: Self = "invalid_endpoint"

    /// Connection failed or timed out.
    public static let unreachable: Self = "unreachable"

    /// The server answered with an unexpected status.
    public static let httpStatus: Self = "http_status"

    /// The server refused a PUT (400/409/413…); `reason` carries its message.
    public static let refused: Self = "refused"

    /// The response body is larger than a record may be.
    public static let oversized: Self = "oversized"
}
