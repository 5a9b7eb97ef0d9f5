import Foundation
import NameKeys
import PrivateNames
import Testing

/// The labels `publish --label` keeps for the republisher: readable only with the owner's key, and
/// nothing on disk names a label or an owner.
@Suite struct PrivateLabelBookTests {
    let alice = PrivateKey.generate(), bob = PrivateKey.generate()

    func book() throws -> (PrivateLabelBook, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("namectl-book-\(UUID().uuidString)").path
        return (PrivateLabelBook(directory: dir + "/private-labels"), dir)
    }

    func files(_ book: PrivateLabelBook) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: book.directory).sorted()
    }

    @Test func keepsLabelsPerOwnerAndOnlyTheOwnersKeyReadsThem() throws {
        let (book, dir) = try book()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try book.labels(owner: alice).isEmpty, "a missing directory is an empty book")
        for label in ["friends", "family", "friends"] { try book.keep(PrivateLabel(label), owner: alice) }
        try book.keep(PrivateLabel("friends"), owner: bob)
        #expect(try files(book).count == 3, "keeping a label twice is one file")
        let before = try files(book).map { try Data(contentsOf: URL(fileURLWithPath: book.directory + "/" + $0)) }
        try book.keep(PrivateLabel("friends"), owner: alice)
        let after = try files(book).map { try Data(contentsOf: URL(fileURLWithPath: book.directory + "/" + $0)) }
        #expect(before == after, "a label already kept is not rewritten (a fresh nonce would change the bytes)")
        #expect(try book.labels(owner: alice).map(\.text) == ["family", "friends"])
        #expect(try book.labels(owner: bob).map(\.text) == ["friends"])
        #expect(try book.labels(owner: PrivateKey.generate()).isEmpty)

        let kept = book.privateNames(owners: [alice]).map(\.address.blindedName)
        let expected = try ["family", "friends"].map { try PrivateAddress(owner: alice.name, label: PrivateLabel($0)).blindedName }
        #expect(Set(kept) == Set(expected) && kept.count == 2)
        #expect(book.privateNames(owners: [alice, bob]).count == 3)

        #expect(try book.forget(PrivateLabel("friends"), owner: alice))
        #expect(try !book.forget(PrivateLabel("friends"), owner: alice))
        #expect(try book.labels(owner: alice).map(\.text) == ["family"])
        #expect(try book.labels(owner: bob).map(\.text) == ["friends"], "bob's label of the same text is his own file")
    }

    @Test func filesNameNeitherLabelNorOwnerAndArePrivate() throws {
        let (book, dir) = try book()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let label = "book-club-7f3a"
        try book.keep(PrivateLabel(label), owner: alice)
        try book.keep(PrivateLabel("x"), owner: alice)
        try book.keep(PrivateLabel(String(repeating: "ü", count: 31)), owner: alice)
        let names = try files(book)
        let sizes = try names.map { try FileManager.default.attributesOfItem(atPath: book.directory + "/" + $0)[.size] as? Int }
        #expect(names.count == 3 && Set(sizes).count == 1, "every file has the same size, whatever the label's length: \(sizes)")
        let bytes = try names.flatMap { Array(try Data(contentsOf: URL(fileURLWithPath: book.directory + "/" + $0))) } + Array(names.joined().utf8)
        for secret in [Array(label.utf8), alice.publicKey.data, Array(alice.name.description.utf8)] {
            #expect(!bytes.windows(secret.count).contains(secret))
        }
        let dirMode = try FileManager.default.attributesOfItem(atPath: book.directory)[.posixPermissions] as? Int
        let fileMode = try FileManager.default.attributesOfItem(atPath: book.directory + "/" + names[0])[.posixPermissions] as? Int
        #expect(dirMode == 0o700 && fileMode == 0o600)
    }

    @Test func damagedOrForeignFilesAreSkipped() throws {
        let (book, dir) = try book()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try book.keep(PrivateLabel("friends"), owner: alice)
        let name = try files(book)[0]
        var sealed = Array(try Data(contentsOf: URL(fileURLWithPath: book.directory + "/" + name)))
        sealed[sealed.count - 1] ^= 1
        try Data(sealed).write(to: URL(fileURLWithPath: book.directory + "/0000.label"))
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: book.directory + "/short.label"))
        try Data("friends".utf8).write(to: URL(fileURLWithPath: book.directory + "/notes.txt"))
        #expect(try book.labels(owner: alice).map(\.text) == ["friends"])
        #expect(book.privateNames(owners: [alice, bob]).count == 1)
    }
}

extension Array where Element == UInt8 {
    /// Every run of `size` consecutive bytes.
    func windows(_ size: Int) -> [[UInt8]] {
        count < size ? [] : (0...(count - size)).map { Array(self[$0..<$0 + size]) }
    }
}
