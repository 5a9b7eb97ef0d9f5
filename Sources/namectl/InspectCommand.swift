import ArgumentParser
import Foundation
import Multiformats
import NameKeys
import NameRecord

struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Decode a record file, print every field and the verdict for a name (like `ipfs name inspect --verify`).",
        discussion: """
            Exit code 0 when the record is valid for the name, 3 when it is not (a decodable record over
            10 KiB is shown and judged record_too_large), 2 when it cannot be decoded or no name is known.
            With --json every outcome, failures included, prints exactly one JSON object.
            The name comes from --name, the record's pubKey, or a file named <name>[_…].ipns-record.
            Example: namectl inspect k51qzi5uqu5d….ipns-record --json
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Record file.") var file: String
    @Option(help: "Verify against this name.") var name: String?

    func run() async throws {
        let ctx = CLIContext(global, command: "inspect")
        let bytes: [UInt8]
        do { bytes = try RecordFileLoader.read(file) } catch { throw failed(ctx, error, code: error.code ?? "io_error") }
        let record: Record
        do { record = try Record(inspecting: bytes) } catch {
            // Too large is the first rule a record breaks (boxo checks the size before decoding).
            let code = bytes.count > Record.maxSize ? RecordErrorCode.recordTooLarge : error.code
            let reason = bytes.count > Record.maxSize
                ? "record is \(bytes.count) bytes, the limit is \(Record.maxSize), and it does not decode: \(error.reason)" : error.reason
            throw failed(ctx, CLIError("\(code.rawValue): \(reason)", .invalidInput), code: code.rawValue, reason: reason, size: bytes.count)
        }
        let target: Name?
        do { target = try RecordFileLoader.name(for: record, file: file, given: name) } catch {
            throw failed(ctx, CLIError(error), code: error.code.rawValue, reason: error.reason, size: bytes.count)
        }
        var verdict: RecordError?
        if let target {
            do { try RecordValidator.standard.validate(record, for: target) } catch { verdict = error }
        }
        let key = target.flatMap { try? record.verificationKey(for: $0) }
        let report = InspectReport(record: record, name: target, verdict: target == nil ? nil : .some(verdict), key: key)
        if global.json {
            ctx.printJSON(report.json)
        } else {
            print(report.text)
        }
        if target == nil { throw CLIError(InspectReport.nameRequired, .invalidInput) }
        if let verdict { throw ExitCode(verdict.code == .malformedRecord ? ExitStatus.invalidInput.rawValue : ExitStatus.validationFailed.rawValue) }
    }

    /// Prints the JSON failure object (with `--json`; `reason`, else the error's message) and returns `error` to throw.
    private func failed(_ ctx: CLIContext, _ error: CLIError, code: String, reason: String? = nil, size: Int? = nil) -> CLIError {
        if global.json { ctx.printJSON(InspectReport.failureJSON(code: code, reason: reason ?? error.message, size: size)) }
        return error
    }
}

/// Everything `inspect` shows about a record.
struct InspectReport {
    let record: Record
    let name: Name?
    /// `nil`: not verified (no name); `.some(nil)`: valid; `.some(error)`: invalid.
    let verdict: RecordError??
    let key: PublicKey?

    /// The `error` code (and reason) when no name is known to verify against.
    static let nameRequiredCode = "name_required"
    static let nameRequired = "cannot verify without a name: pass --name"

    /// The one JSON object printed when there is no record to report on (unreadable or undecodable
    /// file, bad `--name`, usage error): the same `valid`/`error`/`reason` keys as a report.
    static func failureJSON(code: String, reason: String, size: Int? = nil) -> [String: Any] {
        ["valid": false, "error": code, "reason": reason, "size": size.map { $0 as Any } ?? NSNull()]
    }

    var valid: Bool { if case .some(.none) = verdict { return true } else { return false } }

    static func display(_ bytes: [UInt8]?) -> String? {
        guard let bytes else { return nil }
        if let text = String(validating: bytes, as: UTF8.self), !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7f }) { return text }
        return Multibase.base64url.encode(bytes)
    }

    var json: [String: Any] {
        var o: [String: Any] = [
            "valid": valid,
            "hasSignatureV2": record.hasSignatureV2,
            "signatureV1Valid": key.map { record.signatureV1Valid(key: $0) } ?? false,
            "size": record.bytes.count,
            "hasPubKey": !(record.entry.pubKey?.isEmpty ?? true),
        ]
        switch verdict {
        case .none:
            o["error"] = InspectReport.nameRequiredCode
            o["reason"] = InspectReport.nameRequired
        case .some(let error):
            o["error"] = error?.code.rawValue ?? NSNull()
            o["reason"] = error?.reason ?? NSNull()
        }
        o["name"] = name?.description ?? NSNull()
        o["value"] = InspectReport.display(record.value) ?? NSNull()
        o["sequence"] = record.sequence.map { $0 as Any } ?? NSNull()
        o["validity"] = InspectReport.display(record.validityBytes) ?? NSNull()
        o["validityType"] = (record.data?.validityType ?? record.entry.validityType).map { $0 as Any } ?? NSNull()
        o["ttl"] = record.ttl.map { $0 as Any } ?? NSNull()
        if let d = record.data {
            o["data"] = ["canonicalKeyOrder": d.canonicalKeyOrder, "extraKeys": d.extraKeys] as [String: Any]
        } else if let e = record.dataError {
            o["data"] = ["error": e.reason]
        }
        return o
    }

    var text: String {
        var lines: [String] = []
        func add(_ k: String, _ v: String) { lines.append(k.padding(toLength: 18, withPad: " ", startingAt: 0) + v) }
        add("Name:", name?.description ?? "(unknown)")
        add("Value:", InspectReport.display(record.value) ?? "(none)")
        add("Sequence:", record.sequence.map(String.init) ?? "(none)")
        add("Validity type:", (record.data?.validityType ?? record.entry.validityType).map { $0 == 0 ? "EOL" : String($0) } ?? "(none)")
        add("Validity:", InspectReport.display(record.validityBytes) ?? "(none)")
        add("TTL:", record.ttl.map { "\($0) ns (\(Double($0) / 1e9) s)" } ?? "(none)")
        add("Signature V2:", record.hasSignatureV2 ? "present" : "missing")
        add("Signature V1:", key.map { record.signatureV1Valid(key: $0) ? "valid" : "invalid or missing" } ?? "(not checked)")
        add("PubKey field:", (record.entry.pubKey?.isEmpty ?? true) ? "absent" : "present")
        add("Size:", "\(record.bytes.count) bytes")
        if let d = record.data, !d.canonicalKeyOrder { add("Data:", "keys not in canonical DAG-CBOR order (accepted)") }
        if let e = record.dataError { add("Data:", "invalid: \(e.reason)") }
        switch verdict {
        case .none: add("Verdict:", "not verified (no name)")
        case .some(.none): add("Verdict:", "VALID for \(name!)")
        case .some(.some(let e)): add("Verdict:", "INVALID (\(e.code.rawValue)): \(e.reason)")
        }
        return lines.joined(separator: "\n")
    }
}
