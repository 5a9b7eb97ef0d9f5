import Testing
@testable import Multiformats

/// Vectors from the multibase spec's test suite ("yes mani !").
struct MultibaseTests {
    static let input = Array("yes mani !".utf8)

    @Test(arguments: [
        (Multibase.base16, "f796573206d616e692021"),
        (.base32, "bpfsxgidnmfxgsibb"),
        (.base32Upper, "BPFSXGIDNMFXGSIBB"),
        (.base36, "k2lcpzo5yikidynfl"),
        (.base36Upper, "K2LCPZO5YIKIDYNFL"),
        (.base58btc, "z7paNL19xttacUY"),
        (.base64, "meWVzIG1hbmkgIQ"),
        (.base64url, "ueWVzIG1hbmkgIQ"),
        (.base64urlPad, "UeWVzIG1hbmkgIQ=="),
    ])
    func encodesAndDecodesSpecVector(base: Multibase, expected: String) throws {
        #expect(base.encode(Self.input) == expected)
        let (decodedBase, bytes) = try Multibase.decode(expected)
        #expect(decodedBase == base)
        #expect(bytes == Self.input)
    }

    @Test func keepsLeadingZeroBytesInBigNumberBases() throws {
        let bytes: [UInt8] = [0, 0, 1, 2, 255]
        for base in [Multibase.base36, .base58btc] {
            #expect(try Multibase.decode(base.encode(bytes)).bytes == bytes)
        }
        #expect(Multibase.base58btc.encode([0, 0]) == "z11")
    }

    @Test func roundTripsRandomBytesInEveryBase() throws {
        for length in [0, 1, 2, 3, 4, 5, 31, 32, 33, 64] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255) }
            for base in Multibase.allCases {
                #expect(try Multibase.decode(base.encode(bytes)).bytes == bytes, "base \(base) length \(length)")
            }
        }
    }

    @Test func rejectsUnknownPrefixAndBadCharacters() {
        #expect(throws: MultiformatsError(.unsupportedMultibase, "")) { try Multibase.decode("Q123") }
        #expect(throws: MultiformatsError(.empty, "")) { try Multibase.decode("") }
        #expect(throws: MultiformatsError(.invalidCharacter, "")) { try Multibase.decode("k51qzi5uqu5d!") }
        #expect(throws: MultiformatsError(.invalidCharacter, "")) { try Multibase.decode("z0OIl") }
        #expect(throws: MultiformatsError(.invalidCharacter, "")) { try Multibase.decode("bPFSX") }
    }

    @Test func rejectsNonCanonicalTrailingBits() throws {
        // "y" is "bpe" in base32; "bpf" sets one of the two trailing bits beyond the data.
        #expect((try? Multibase.decode("bpe").bytes) == Array("y".utf8))
        #expect(throws: MultiformatsError(.invalidPadding, "")) { try Multibase.decode("bpf") }
        #expect(throws: MultiformatsError(.invalidPadding, "")) { try Multibase.decode("UeWVzIG1hbmkgIQ=") }
    }
}
