import Foundation
import Testing
@testable import NameKeys

struct KeystoreTests {
    static func tempDir() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("namectl-ks-\(UUID().uuidString)").path
        return dir + "/keys"
    }

    @Test func encryptedKeysNeedTheRightPassphraseAndStayUntouched() throws {
        let ks = Keystore(directory: Self.tempDir())
        let entry = try ks.generate(label: "blog", passphrase: .text("correct horse"))
        #expect(entry.encrypted)
        let before = try Data(contentsOf: URL(fileURLWithPath: ks.directory + "/blog.key"))
        #expect(throws: KeystoreError(.wrongPassphrase, "")) { try ks.load("blog", passphrase: .text("wrong")) }
        #expect(throws: KeystoreError(.passphraseRequired, "")) { try ks.load("blog", passphrase: .insecureNone) }
        let after = try Data(contentsOf: URL(fileURLWithPath: ks.directory + "/blog.key"))
        #expect(before == after)
        #expect(try ks.load("blog", passphrase: .text("correct horse")).name == entry.name)
        // The secret is not in the file in any form.
        let text = String(decoding: after, as: UTF8.self)
        #expect(!text.contains("\"key\":\"CAESQ"))
    }

    @Test func filesAre0600InA0700Directory() throws {
        let ks = Keystore(directory: Self.tempDir())
        try ks.generate(label: "a", passphrase: .insecureNone)
        let fileMode = try FileManager.default.attributesOfItem(atPath: ks.directory + "/a.key")[.posixPermissions] as? Int
        let dirMode = try FileManager.default.attributesOfItem(atPath: ks.directory)[.posixPermissions] as? Int
        #expect(fileMode == 0o600)
        #expect(dirMode == 0o700)
    }

    @Test func neverOverwritesAnExistingKey() throws {
        let ks = Keystore(directory: Self.tempDir())
        let first = try ks.generate(label: "a", passphrase: .insecureNone)
        #expect(throws: KeystoreError(.keyExists, "")) { try ks.generate(label: "a", passphrase: .insecureNone) }
        try ks.generate(label: "b", passphrase: .insecureNone)
        #expect(throws: KeystoreError(.keyExists, "")) { try ks.rename("b", to: "a") }
        #expect(try ks.entry("a").name == first.name)
    }

    @Test func renameListAndRemove() throws {
        let ks = Keystore(directory: Self.tempDir())
        let e = try ks.generate(label: "old", passphrase: .insecureNone)
        try ks.rename("old", to: "new")
        #expect(throws: KeystoreError(.keyNotFound, "")) { try ks.entry("old") }
        #expect(try ks.list().keys.map(\.label) == ["new"])
        #expect(try ks.entry(for: e.name)?.label == "new")
        try ks.remove("new")
        #expect(try ks.list().keys.isEmpty)
        #expect(throws: KeystoreError(.keyNotFound, "")) { try ks.remove("new") }
    }

    @Test func reportsCorruptFilesAndBadLabels() throws {
        let ks = Keystore(directory: Self.tempDir())
        try ks.generate(label: "good", passphrase: .insecureNone)
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: ks.directory + "/bad.key"))
        #expect(throws: KeystoreError(.corruptKeyFile, "")) { try ks.load("bad", passphrase: .insecureNone) }
        let listed = try ks.list()
        #expect(listed.keys.map(\.label) == ["good"])
        #expect(listed.damaged == ["bad"])
        for label in ["", "../x", ".hidden", "a/b", String(repeating: "x", count: 65)] {
            #expect(throws: KeystoreError(.invalidLabel, "")) { try ks.generate(label: label, passphrase: .insecureNone) }
        }
    }

    @Test func ciphertextMovedToAnotherNameDoesNotDecrypt() throws {
        let ks = Keystore(directory: Self.tempDir())
        try ks.generate(label: "a", passphrase: .text("pw"))
        let b = try ks.generate(label: "b", passphrase: .text("pw"))
        let path = ks.directory + "/a.key"
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        json["name"] = b.name.description
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        #expect(throws: KeystoreError(.wrongPassphrase, "")) { try ks.load("a", passphrase: .text("pw")) }
    }
}
