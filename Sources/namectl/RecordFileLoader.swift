import Foundation
import NameKeys
import NameRecord
import NameStore

/// Reads a record file and works out which name it is for.
enum RecordFileLoader {
    /// The most a record file may hold before it is refused unread (four times the record limit, so
    /// `inspect` can still show a record that is slightly too large).
    static let fileLimit = Record.maxSize * 4

    /// Reads and decodes `file`; the name comes from `name`, else the record's pubKey, else the file name
    /// (`<name>.ipns-record` or `<name>_<anything>`, as gateways and the spec vectors name them).
    static func loadRecord(_ file: String, name: String?) throws(CLIError) -> (Name?, Record) {
        let bytes = try read(file)
        let record: Record
        do { record = try Record(bytes: bytes) } catch { throw CLIError(error) }
        do { return (try self.name(for: record, file: file, given: name), record) } catch { throw CLIError(error) }
    }

    /// Like `load`, but a name is required.
    static func load(_ file: String, name: String?) throws(CLIError) -> (Name, Record) {
        let (found, record) = try loadRecord(file, name: name)
        guard let found else {
            throw CLIError("\(file): cannot tell which name the record is for; pass --name", .invalidInput)
        }
        return (found, record)
    }

    /// The bytes of `file`, at most `fileLimit` of them. The error's `code` says why it failed:
    /// `file_not_found`, `record_too_large` or `io_error`.
    static func read(_ file: String) throws(CLIError) -> [UInt8] {
        let bytes: [UInt8]?
        do { bytes = try AtomicFile.read(file, limit: fileLimit) } catch {
            if error.errno == EFBIG { throw CLIError("cannot read \(file): \(error.reason)", .invalidInput, code: "record_too_large") }
            throw CLIError("cannot read \(file): \(error.reason)", .stateError, code: "io_error")
        }
        guard let bytes else { throw CLIError("\(file) does not exist", .notFound, code: "file_not_found") }
        return bytes
    }

    /// The name `record` is for: `given` (parsed), else the record's pubKey, else the file name; `nil` when none says.
    static func name(for record: Record, file: String, given: String?) throws(KeyError) -> Name? {
        if let given { return try Name(given) }
        if let pub = record.entry.pubKey, let key = try? PublicKey(protobuf: pub) {
            return Name(publicKey: key)
        }
        let base = file.split(separator: "/").last.map(String.init) ?? file
        let stem = base.split(separator: "_").first.map(String.init) ?? base
        let candidate = stem.hasSuffix(".ipns-record") ? String(stem.dropLast(12)) : stem
        return try? Name(candidate)
    }
}
