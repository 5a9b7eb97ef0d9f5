import Foundation
import NameKeys
@testable import NameRecord

/// Shared fixtures for record tests.
enum Fixture {
    static let vectorsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Vectors/ipns")

    static let key = try! PrivateKey(seed: [UInt8](repeating: 42, count: 32))
    static let otherKey = try! PrivateKey(seed: [UInt8](repeating: 43, count: 32))
    static let future = Timestamp.now().adding(nanoseconds: 3_600_000_000_000)

    static func record(sequence: UInt64 = 1, value: String = "/ipfs/bafkqaddwgevxmmraojswg33smq",
                       validity: Timestamp = future, ttl: UInt64 = 3_600_000_000_000, key: PrivateKey = key) -> Record {
        try! Record.create(key: key, value: Array(value.utf8), sequence: sequence, validity: validity, ttl: ttl)
    }

    /// Re-signs an entry's data with V2 (and V1 over its legacy fields) after a test edited it.
    static func resign(_ entry: inout IPNSEntry, key: PrivateKey = key) {
        entry.signatureV2 = key.sign(Record.signatureV2Prefix + (entry.data ?? []))
        entry.signatureV1 = key.sign((entry.value ?? []) + (entry.validity ?? []) + Array("EOL".utf8))
    }
}
