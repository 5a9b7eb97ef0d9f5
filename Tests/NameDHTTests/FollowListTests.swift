import Foundation
import NameKeys
import NameRecord
import Testing
@testable import NameDHT

/// The follow list keeps signed items only for the names it follows.
@Suite struct FollowListTests {
    static func list() -> FollowList {
        FollowList(path: FileManager.default.temporaryDirectory.appendingPathComponent("follow-\(UInt64.random(in: 0...UInt64.max))").path)
    }

    @Test func itemsOfNamesNotFollowedAreNotKept() throws {
        let follow = Self.list()
        let followed = PrivateKey.generate(), stranger = PrivateKey.generate()
        try follow.add(followed.name)
        try follow.keep(try IPNSItem.make(record: IPNSItemTests.record(stranger, seq: 1), key: stranger), for: stranger.name)
        let item = try IPNSItem.make(record: IPNSItemTests.record(followed, seq: 2), key: followed)
        try follow.keep(item, for: followed.name)
        let all = try follow.load()
        #expect(all.count == 1)
        #expect(all[followed.name] == .some(item))
        #expect(all[stranger.name] == nil)
    }

    @Test func unfollowingDropsTheKeptSignature() throws {
        let follow = Self.list()
        let key = PrivateKey.generate()
        try follow.add(key.name)
        let item = try IPNSItem.make(record: IPNSItemTests.record(key, seq: 1), key: key)
        try follow.keep(item, for: key.name)
        #expect(try follow.remove(key.name))
        #expect(try follow.load().isEmpty)
        let text = try String(contentsOfFile: follow.path, encoding: .utf8)
        #expect(!text.contains(Hex.encode(item.signature)), "no signature left in the file")
    }
}
