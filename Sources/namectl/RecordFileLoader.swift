import Foundation
import NameKeys
import NameRecord
import NameStore

/// Reads a record file and works out which name it is for.
enum RecordFileLoader {
    /// Reads and decodes `file`; the name comes from `name`, else the record's pubKey, else the file name
    /// (`<name>.ipns-record` or `<name>_<anything>`, as gateways and the spec vectors name them).
    static func loadRecord(_ file: String, name: String?) throws(CLIError) -> (Name?, Record) {
        let bytes: [UInt8]?
        do { bytes = try AtomicFile.read(file, limit: Record.maxSize * 4) } catch {
            throw CLIError("cannot read \(file): \(error.reason)", error.errno == EFBIG ? .invalidInput : .stateError)
        }
        guard let bytes else { throw CLIError("\(file) does not exist", .notFound) }
        let record: Record
        do { record = try Record(bytes: bytes) } catch { throw CLIError(error) }
        if let name {
            do { return (try Name(name), record) } catch { throw CLIError(error) }
        }
        if let pub = record.entry.pubKey, let key = try? PublicKey(protobuf: pub) {
            return (Name(publicKey: key), record)
        }
        let base = baseName(file)
        let stem = base.split(separator: "_").first.map(String.init) ?? base
        let candidate = stem.hasSuffix(".ipns-record") ? String(stem.dropLast(12)) : stem
        return (try? Name(candidate), record)
    }

    /// Like `load`, but a name is required.
    static func load(_ file: String, name: String?) throws(CLIError) -> (Name, Record) {
        let (found, record) = try loadRecord(file, name: name)
        guard let found else {
            throw CLIError("\(file): cannot tell which name the record is for; pass --name", .invalidInput)
        }
        return (found, record)
    }

    private static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
