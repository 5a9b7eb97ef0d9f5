import Foundation
import Multiformats
import Sodium
import Testing
@testable import NameKeys

struct KeyFileTests {
    /// RFC 8410 §10.3 example private key and its public key.
    static let rfc8410PEM = """
        -----BEGIN PRIVATE KEY-----
        MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC
        -----END PRIVATE KEY-----

        """
    static let rfc8410Public = "19bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1"

    static func hex(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        var i = s.startIndex
        while i < s.endIndex {
            let j = s.index(i, offsetBy: 2)
            out.append(UInt8(s[i..<j], radix: 16)!)
            i = j
        }
        return out
    }

    @Test func importsTheRFC8410ExampleAndExportsItByteForByte() throws {
        let key = try KeyFile.import(Array(Self.rfc8410PEM.utf8))
        #expect(key.publicKey.data == Self.hex(Self.rfc8410Public))
        #expect(KeyFile.export(key, format: .pemPKCS8) == Array(Self.rfc8410PEM.utf8))
    }

    @Test(arguments: KeyFormat.allCases)
    func roundTripsGeneratedKeys(format: KeyFormat) throws {
        let key = PrivateKey.generate()
        let exported = KeyFile.export(key, format: format)
        #expect(KeyFile.detectFormat(exported) == format)
        let back = try KeyFile.import(exported)
        #expect(back.publicKey == key.publicKey)
        let message = Array("hello".utf8)
        #expect(try key.publicKey.verify(signature: back.sign(message), message: message))
    }

    @Test func protobufFormatIsLibp2pPrivateKey() throws {
        let key = try PrivateKey(seed: [UInt8](repeating: 7, count: 32))
        let bytes = KeyFile.export(key, format: .libp2pProtobuf)
        #expect(Array(bytes.prefix(4)) == [0x08, 0x01, 0x12, 0x40])
        #expect(Array(bytes[4..<36]) == [UInt8](repeating: 7, count: 32))
        #expect(Array(bytes[36...]) == key.publicKey.data)
    }

    @Test func rejectsCorruptAndForeignKeyFiles() throws {
        let key = PrivateKey.generate()
        var pb = KeyFile.export(key, format: .libp2pProtobuf)
        pb[40] ^= 0xff // damage the embedded public key
        #expect(throws: KeyError(.keyPairMismatch, "")) { try KeyFile.import(pb) }
        #expect(throws: KeyError(.invalidKeyFile, "")) { try KeyFile.import(Array(pb.prefix(20))) }
        #expect(throws: KeyError(.invalidKeyFile, "")) { try KeyFile.import([]) }
        var rsa = ProtobufWriter()
        rsa.writeVarint(field: 1, 0)
        rsa.writeBytes(field: 2, [1, 2, 3])
        #expect(throws: KeyError(.unsupportedKeyType, "")) { try KeyFile.import(rsa.bytes) }
        #expect(throws: KeyError(.invalidKeyFile, "")) { try KeyFile.import(Array("-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----\n".utf8)) }
        #expect(throws: KeyError(.unsupportedKeyType, "")) { try KeyFile.import(Array("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n".utf8)) }
        // An X25519 PKCS#8 key (OID 1.3.101.110) is not Ed25519.
        let x25519 = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VuBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n-----END PRIVATE KEY-----\n"
        #expect(throws: KeyError(.unsupportedKeyType, "")) { try KeyFile.import(Array(x25519.utf8)) }
    }
}

/// The committed demo keys (keys/) import to the documented name in both formats.
struct DemoKeyTests {
    static let keysDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("keys")

    @Test(arguments: ["demo-DO-NOT-USE.pem", "demo-DO-NOT-USE.libp2p-key"])
    func demoKeyHasTheDocumentedName(file: String) throws {
        let bytes = try Array(Data(contentsOf: Self.keysDirectory.appendingPathComponent(file)))
        let key = try KeyFile.import(bytes)
        #expect(key.name.description == "k51qzi5uqu5dg9ufswxt229ntzdy7p4125xzv5rtyjso89ajdujg6csfxcj260")
        #expect(key.withSeed { $0 } == Array(0..<32))
    }
}
