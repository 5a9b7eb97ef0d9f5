import Multiformats
import Testing
@testable import NameKeys

/// Text longer than any valid name is refused before base decoding (base36/base58 decoding is
/// quadratic in length), and the bound really is above every valid name.
struct NameLengthTests {
    @Test func everyAcceptedFormOfARealNameFitsTheBound() throws {
        let name = PrivateKey.generate().name
        let forms = [name.description, name.peerID] + Multibase.allCases.map { $0.encode(name.cid.bytes) }
        for form in forms {
            #expect(form.utf8.count <= Name.maxTextLength, "\(form)")
            #expect(try Name(form) == name, "\(form)")
        }
    }

    @Test func longerTextIsRefusedBeforeDecoding() throws {
        let tooLong = "k51" + String(repeating: "q", count: Name.maxTextLength - 2)
        #expect(tooLong.utf8.count == Name.maxTextLength + 1)
        for text in [tooLong, "k" + String(repeating: "z", count: 1_000_000), "Qm" + String(repeating: "z", count: 1_000_000),
                     "12D3KooW" + String(repeating: "A", count: 200_000)] {
            do {
                _ = try Name(text)
                Issue.record("accepted \(text.prefix(20))…")
            } catch {
                #expect(error.code == .invalidName)
                #expect(error.reason.contains("longer than any IPNS name"), "\(error.reason)")
            }
        }
    }

    @Test func identityPeerIDsInlineAtMost42Bytes() throws {
        #expect(throws: KeyError(.invalidName, "")) { try Name(multihash: Multihash.identity([UInt8](repeating: 8, count: 43))) }
        let key = PrivateKey.generate().publicKey
        #expect(try Name(multihash: key.peerIDMultihash) == Name(publicKey: key))
    }
}
