import Foundation
import Sodium
import Testing
@testable import NameKeys

/// Argon2id parameters: new keys use MODERATE, older (INTERACTIVE) files keep loading, and limits
/// read from a file are bounded so a tampered file cannot make a load run for hours.
struct KeystoreKDFTests {
    static func kdf(_ ks: Keystore, _ label: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: ks.directory + "/\(label).key"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(object["kdf"] as? [String: Any])
    }

    static func tamper(_ ks: Keystore, _ label: String, _ key: String, _ value: Any) throws {
        let url = URL(fileURLWithPath: ks.directory + "/\(label).key")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var kdf = try #require(object["kdf"] as? [String: Any])
        kdf[key] = value
        object["kdf"] = kdf
        try JSONSerialization.data(withJSONObject: object).write(to: url)
    }

    @Test func newKeysUseArgon2idModerate() throws {
        let ks = Keystore(directory: KeystoreTests.tempDir())
        try ks.generate(label: "a", passphrase: .text("pw"))
        let kdf = try Self.kdf(ks, "a")
        #expect((kdf["opsLimit"] as? NSNumber)?.uint64Value == Sodium.pwhashOpsLimitModerate)
        #expect((kdf["memLimit"] as? NSNumber)?.intValue == Sodium.pwhashMemLimitModerate)
        #expect(try ks.load("a", passphrase: .text("pw")).name == (try ks.entry("a")).name)
    }

    @Test func filesWrittenWithInteractiveLimitsStillLoad() throws {
        let dir = KeystoreTests.tempDir()
        let old = Keystore(directory: dir, opsLimit: Sodium.pwhashOpsLimitInteractive, memLimit: Sodium.pwhashMemLimitInteractive)
        let entry = try old.generate(label: "a", passphrase: .text("pw"))
        #expect(try Keystore(directory: dir).load("a", passphrase: .text("pw")).name == entry.name)
    }

    @Test func limitsAboveSensitiveAreRefusedWithoutRunningTheKDF() throws {
        let tampered: [(String, Any)] = [
            ("opsLimit", Sodium.pwhashOpsLimitSensitive + 1),
            ("memLimit", Sodium.pwhashMemLimitSensitive + 1),
            ("memLimit", Int.max),
        ]
        for (key, value) in tampered {
            let ks = Keystore(directory: KeystoreTests.tempDir(), opsLimit: Sodium.pwhashOpsLimitInteractive, memLimit: Sodium.pwhashMemLimitInteractive)
            try ks.generate(label: "a", passphrase: .text("pw"))
            try Self.tamper(ks, "a", key, value)
            #expect(throws: KeystoreError(.kdfLimitsTooHigh, ""), "\(key) = \(value)") { try ks.load("a", passphrase: .text("pw")) }
        }
        // At the SENSITIVE limits themselves a file is still accepted (here: the wrong derived key).
        let ks = Keystore(directory: KeystoreTests.tempDir(), opsLimit: Sodium.pwhashOpsLimitInteractive, memLimit: Sodium.pwhashMemLimitInteractive)
        try ks.generate(label: "a", passphrase: .text("pw"))
        try Self.tamper(ks, "a", "opsLimit", Sodium.pwhashOpsLimitSensitive)
        #expect(throws: KeystoreError(.wrongPassphrase, "")) { try ks.load("a", passphrase: .text("pw")) }
    }
}
