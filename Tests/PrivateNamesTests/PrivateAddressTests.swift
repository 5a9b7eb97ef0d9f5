import NameKeys
@testable import PrivateNames
import Testing

@Suite struct PrivateAddressTests {
    let owner = try! PrivateKey(seed: [UInt8](repeating: 0x42, count: 32))

    func address(_ label: String) throws -> PrivateAddress {
        try PrivateAddress(owner: owner.name, label: PrivateLabel(label))
    }

    @Test func roundTripsAndIsCaseInsensitive() throws {
        for label in ["friends", "天下無敵", "a", String(repeating: "z", count: 63), "with space"] {
            let a = try address(label)
            let text = a.description
            #expect(text.hasPrefix("ipnspriv1"))
            #expect(text == text.lowercased())
            #expect(try PrivateAddress(text) == a)
            #expect(try PrivateAddress(text.uppercased()) == a)
            #expect(PrivateAddress.looksLikeAddress(text) && PrivateAddress.looksLikeAddress(text.uppercased()))
        }
        let friends = try address("friends")
        #expect(friends.description.count < 90, "short enough to paste: \(friends.description)")
        #expect(friends.owner == owner.name && friends.label.text == "friends")
        #expect(friends.blindedName != owner.name)
    }

    @Test func everySingleCharacterTypoIsCaughtByTheChecksumAndLocated() throws {
        let text = Array(try address("friends").description)
        let data = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l")
        var located = 0
        for i in "ipnspriv1".count..<text.count {
            var typo = text
            typo[i] = data[(data.firstIndex(of: text[i])! + 7) % 32]
            do {
                _ = try PrivateAddress(String(typo))
                Issue.record("typo at \(i + 1) accepted")
            } catch {
                #expect(error.code == .addressChecksum)
                if error.reason.contains("position \(i + 1))") { located += 1 }
            }
        }
        #expect(located > (text.count - 9) * 9 / 10, "the position hint names the mistyped character")
    }

    @Test func swapsDropsAndInsertionsAreRejected() throws {
        let text = Array(try address("friends").description)
        for i in stride(from: 9, to: text.count - 1, by: 2) where text[i] != text[i + 1] {
            var swapped = text
            swapped.swapAt(i, i + 1)
            #expect(throws: PrivateNameError.self) { try PrivateAddress(String(swapped)) }
        }
        for i in stride(from: 9, to: text.count, by: 2) {
            var dropped = text
            dropped.remove(at: i)
            #expect(throws: PrivateNameError.self) { try PrivateAddress(String(dropped)) }
            var doubled = text
            doubled.insert(text[i], at: i)
            #expect(throws: PrivateNameError.self) { try PrivateAddress(String(doubled)) }
        }
    }

    @Test func malformedTextGetsAClearReason() throws {
        let good = try address("friends").description
        let cases: [(String, PrivateNameErrorCode, String)] = [
            ("", .invalidAddress, "no '1'"),
            (owner.name.description, .invalidAddress, "a public name"),
            ("ipnspriv1" + good.dropFirst(9).replacingOccurrences(of: "q", with: "b"), .invalidAddress, "'b' at position"),
            (good.prefix(12) + good.dropFirst(12).uppercased(), .invalidAddress, "mixes upper and lower case"),
            (good + String(repeating: "q", count: 150), .invalidAddress, "the limit is 200"),
            ("ipnspriv1qqqqq", .invalidAddress, "shorter than its 6-character checksum"),
            (Bech32m.encode(prefix: "ipnspub", bytes: [0] + owner.publicKey.data + Array("friends".utf8)), .invalidAddress, "not 'ipnspriv1'"),
            (Bech32m.encode(prefix: "ipnspriv", bytes: [1] + owner.publicKey.data + Array("friends".utf8)), .invalidAddress, "unknown version 1"),
            (Bech32m.encode(prefix: "ipnspriv", bytes: [0] + owner.publicKey.data), .invalidAddress, "too short"),
            (Bech32m.encode(prefix: "ipnspriv", bytes: [0] + owner.publicKey.data + [0xff, 0xfe]), .invalidAddress, "not UTF-8"),
            (Bech32m.encode(prefix: "ipnspriv", bytes: [0] + owner.publicKey.data + Array("cafe\u{301}".utf8)), .invalidAddress, "normal form C"),
            (Bech32m.encode(prefix: "ipnspriv", bytes: [0] + owner.publicKey.data + [0x09]), .invalidLabel, "control character"),
            (Bech32m.encode(prefix: "ipnspriv", bytes: [0, 1] + [UInt8](repeating: 0, count: 31) + [0x61]), .unblindableKey, "prime order"),
        ]
        for (text, code, reason) in cases {
            do {
                _ = try PrivateAddress(text)
                Issue.record("'\(text)' accepted")
            } catch {
                #expect(error.code == code, "'\(text)': \(error.reason)")
                #expect(error.reason.contains(reason), "'\(text)': \(error.reason)")
            }
        }
    }

    /// BIP 350's valid Bech32m strings decode (the checksum and alphabet are Bech32m's, not ad hoc).
    @Test func bip350VectorsDecode() throws {
        for valid in ["A1LQFN3A", "a1lqfn3a",
                      "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
                      "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
                      "split1checkupstagehandshakeupstreamerranterredcaperredlc445v", "?1v759aa"] {
            #expect(throws: Never.self) { try Bech32m.decode(valid, maxLength: 200) }
        }
        for invalid in ["qyrz8wqd2c9m", "1qyrz8wqd2c9m", "y1b0jsk6g", "lt1igcx5c0", "in1muywd", "mm1crxm3i", "au1s5cgom", "M1VUXWEZ", "16plkw9", "1p2gdwpf"] {
            #expect(throws: Bech32m.Failure.self) { try Bech32m.decode(invalid, maxLength: 200) }
        }
    }
}
