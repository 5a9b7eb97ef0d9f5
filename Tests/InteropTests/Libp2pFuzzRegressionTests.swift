import Libp2p
import NameAmino
import Testing

/// Replays the libp2p and kad fuzz seeds (`Fuzz/corpus/<target>/`) and findings
/// (`Fuzz/regressions/<target>/`) through the same decoders and properties as the harnesses in
/// `Fuzz/{multiaddr,multistream,noisepayload,yamux,kad}/main.swift`.
@Suite struct Libp2pFuzzRegressionTests {
    private func inputs(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
        let inputs = try FuzzRegressionTests.inputs(target)
        try #require(!inputs.isEmpty, "Fuzz/corpus/\(target) must hold seeds")
        return inputs
    }

    @Test func multiaddrInputsRoundTripOrFailWithATypedError() throws {
        var parsed = 0
        for (file, bytes) in try inputs("multiaddr") {
            do {
                let addr = try Multiaddr(bytes: bytes)
                parsed += 1
                #expect(addr.bytes == bytes, "\(file): binary round trip")
                #expect((try? Multiaddr(addr.description)) == addr, "\(file): text round trip")
            } catch {
                #expect(error.code == .invalidMultiaddr, "\(file): \(error.code)")
            }
            if let addr = try? Multiaddr(String(decoding: bytes, as: UTF8.self)) {
                parsed += 1
                #expect((try? Multiaddr(bytes: addr.bytes)) == addr, "\(file): parsed text round trip")
            }
            if let id = try? PeerID(bytes: bytes) { #expect((try? PeerID(id.description)) == id, "\(file): peer ID round trip") }
        }
        #expect(parsed > 0)
    }

    @Test func multistreamInputsRoundTripOrFailWithATypedError() throws {
        var parsed = 0
        for (file, bytes) in try inputs("multistream") {
            do {
                let message = try Multistream.decode(bytes)
                parsed += 1
                #expect(Array(Multistream.encode(message).drop { $0 & 0x80 != 0 }.dropFirst()) == bytes, "\(file)")
            } catch {
                #expect(error.code == .multistreamProtocol, "\(file)")
            }
        }
        #expect(parsed > 0)
    }

    @Test func noisePayloadAndIdentifyInputsRoundTripOrFailWithATypedError() throws {
        var parsed = 0
        for (file, bytes) in try inputs("noisepayload") {
            do {
                let payload = try NoiseHandshakePayload(bytes: bytes)
                parsed += 1
                #expect((try? NoiseHandshakePayload(bytes: payload.bytes)) == payload, "\(file)")
                #expect(throws: Libp2pError.self) { try payload.verify(staticKey: [UInt8](repeating: 0, count: 32)) }
            } catch {
                #expect(!error.reason.isEmpty, "\(file): \(error.code) without a reason")
            }
            if let message = try? IdentifyMessage(bytes: bytes) {
                #expect((try? IdentifyMessage(bytes: message.bytes)) == message, "\(file)")
            }
        }
        #expect(parsed > 0)
    }

    @Test func yamuxInputsRoundTripOrFailWithATypedError() throws {
        var parsed = 0
        for (file, bytes) in try inputs("yamux") {
            var offset = 0
            while offset + YamuxFrame.headerLength <= bytes.count {
                let header = Array(bytes[offset..<offset + YamuxFrame.headerLength])
                do {
                    #expect(try YamuxFrame(header: header).bytes == header, "\(file)")
                    parsed += 1
                } catch {
                    #expect(error.code == .yamuxProtocol, "\(file)")
                }
                offset += YamuxFrame.headerLength
            }
        }
        #expect(parsed > 0)
    }

    @Test func kadInputsRoundTripOrFailWithATypedError() throws {
        var parsed = 0
        for (file, bytes) in try inputs("kad") {
            do {
                let message = try KadMessage(bytes: bytes)
                parsed += 1
                #expect((try? KadMessage(bytes: message.bytes)) == message, "\(file)")
            } catch {
                #expect(error.code == .malformedMessage || error.code == .messageTooLarge, "\(file): \(error.code)")
            }
        }
        #expect(parsed > 0)
    }
}
