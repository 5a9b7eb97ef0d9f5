/// A stable failure code: a snake_case string used in JSON output, logs and exit-status mapping.
///
/// Each module declares one small code type (`KeyErrorCode`, `DHTErrorCode`, …) and its codes as
/// static members, so new codes can be added without breaking anyone's `switch`:
///
/// ```swift
/// public struct ThingErrorCode: ErrorCode {
///     public let rawValue: String
///     public init(rawValue: String) { self.rawValue = rawValue }
/// }
/// extension ThingErrorCode {
///     /// The thing is missing.
///     public static let missing: Self = "missing"
/// }
/// public typealias ThingError = CodedError<ThingErrorCode>
/// ```
public protocol ErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral
where RawValue == String, StringLiteralType == String {
    /// Makes a code from its stable string.
    init(rawValue: String)
}

extension ErrorCode {
    /// Makes a code from a string literal (`public static let missing: Self = "missing"`).
    public init(stringLiteral value: String) { self.init(rawValue: value) }

    /// The stable string.
    public var description: String { rawValue }
}
