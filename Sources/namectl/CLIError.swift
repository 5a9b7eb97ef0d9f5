import NameKeys
import NameRecord
import NameResolver
import NameStore
import PrivateNames

/// A failure to print as `error: <message>` and exit with `exitCode`.
struct CLIError: Error {
    let message: String
    let exitCode: ExitStatus
    /// A stable code for JSON output (`file_not_found`, `record_too_large`, …), when the thrower knows one.
    let code: String?

    init(_ message: String, _ exitCode: ExitStatus, code: String? = nil) {
        self.message = message
        self.exitCode = exitCode
        self.code = code
    }

    init(_ error: KeyError) {
        self.init(error.reason, .invalidInput)
    }

    init(_ error: KeystoreError) {
        switch error.code {
        case .keyNotFound: self.init(error.reason, .notFound)
        case .invalidLabel: self.init(error.reason, .invalidInput)
        case .io: self.init(error.reason, .stateError)
        default: self.init(error.reason, .keyError)
        }
    }

    init(_ error: RecordError) {
        switch error.code {
        case .malformedRecord, .recordTooLarge: self.init("\(error.code.rawValue): \(error.reason)", .invalidInput)
        default: self.init("\(error.code.rawValue): \(error.reason)", .validationFailed)
        }
    }

    init(_ error: StoreError) {
        switch error.code {
        case .staleRecord, .sequenceTooLow: self.init(error.reason, .validationFailed)
        default: self.init(error.reason, .stateError)
        }
    }

    init(_ error: ResolveError) {
        switch error.code {
        case .notFound: self.init(error.reason, .notFound)
        case .invalidPath, .unsupported: self.init(error.reason, .invalidInput)
        case .expired, .validationFailed, .loop, .depthExceeded, .decryptionFailed: self.init(error.reason, .validationFailed)
        case .storeFailure: self.init(error.reason, .stateError)
        default: self.init(error.reason, .networkError)
        }
    }

    init(_ error: PrivateNameError) {
        switch error.code {
        case .decryptionFailed, .malformedPrivateValue: self.init(error.reason, .validationFailed)
        case .storageError: self.init(error.reason, .stateError)
        default: self.init(error.reason, .invalidInput)
        }
    }

    /// Maps any library error to its CLI form.
    static func from(_ error: any Error) -> CLIError {
        switch error {
        case let e as CLIError: return e
        case let e as KeyError: return CLIError(e)
        case let e as KeystoreError: return CLIError(e)
        case let e as RecordError: return CLIError(e)
        case let e as StoreError: return CLIError(e)
        case let e as ResolveError: return CLIError(e)
        case let e as PrivateNameError: return CLIError(e)
        default: return CLIError("\(error)", .stateError)
        }
    }
}
