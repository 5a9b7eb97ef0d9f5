import NameCore

/// How one peer's failure reads in a lookup or PUT report: `code: reason` for namectl's coded errors
/// (so a report names the stable code, `timeout`, `message_too_large`, …), the plain description
/// otherwise.
enum PeerFailure {
    /// The report text for `error`.
    static func describe(_ error: any Error) -> String {
        (error as? any CodedDescription)?.codedDescription ?? "\(error)"
    }
}

/// An error that can say `code: reason`.
protocol CodedDescription {
    /// `code: reason`.
    var codedDescription: String { get }
}

extension CodedError: CodedDescription {
    var codedDescription: String { "\(code): \(reason)" }
}
