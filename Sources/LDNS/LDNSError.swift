import CLDNS

/// An ldns call failed: the ldns status code and its message.
public struct LDNSError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The raw `ldns_status` value.
    public let status: UInt32
    /// ldns's message for the status, prefixed with what was being done.
    public let message: String

    /// Makes an error from an ldns status and a short description of the operation.
    init(_ status: ldns_status, _ operation: String) {
        self.status = status.rawValue
        let text = ldns_get_errorstr_by_id(status).map { String(cString: $0) } ?? "ldns status \(status.rawValue)"
        self.message = "\(operation): \(text)"
    }

    /// Makes an error that has no ldns status (a NULL result, a malformed value).
    init(message: String) {
        self.status = LDNS_STATUS_ERR.rawValue
        self.message = message
    }

    public var description: String { message }
}

/// Converts an ldns-allocated C string to a Swift string and frees it.
func takeString(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
    guard let pointer else { return "" }
    defer { free(pointer) }
    return String(cString: pointer)
}
