import Foundation
import NameKeys
import Testing
@testable import NameRecord

/// Every record in the IPNS spec vectors verifies or is rejected exactly as the manifest says.
struct SpecVectorTests {
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        let file: String
        let name: String
        let expected: String
        let reason: String?
        let value: String?
        let sequence: UInt64?
        var testDescription: String { file }
    }

    static let cases: [Case] = {
        let data = try! Data(contentsOf: Fixture.vectorsDirectory.appendingPathComponent("manifest.json"))
        return try! JSONDecoder().decode([Case].self, from: data)
    }()

    @Test func manifestIsNotEmpty() { #expect(Self.cases.count >= 6) }

    @Test(arguments: cases)
    func vectorMatchesManifest(_ c: Case) throws {
        let bytes = try Array(Data(contentsOf: Fixture.vectorsDirectory.appendingPathComponent(c.file)))
        let name = try Name(c.name)
        let record = try Record(bytes: bytes)
        if c.expected == "valid" {
            try RecordValidator.standard.validate(record, for: name)
            if let value = c.value { #expect(record.value == Array(value.utf8)) }
            if let seq = c.sequence { #expect(record.sequence == seq) }
        } else {
            let error = #expect(throws: RecordError.self) { try RecordValidator.standard.validate(record, for: name) }
            #expect(error?.code.rawValue == c.reason)
        }
    }

    @Test func reencodingAValidVectorReproducesItsBytes() throws {
        let file = Self.cases.first { $0.file.hasSuffix("_v1-v2.ipns-record") }!.file
        let bytes = try Array(Data(contentsOf: Fixture.vectorsDirectory.appendingPathComponent(file)))
        let record = try Record(bytes: bytes)
        #expect(record.entry.bytes == bytes)
        #expect(record.data!.cbor == record.entry.data!)
    }
}
