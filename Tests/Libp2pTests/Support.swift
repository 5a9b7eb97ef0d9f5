import Libp2p

/// The echo protocol the tests (and Tests/Interop/py_libp2p_peer.py) speak: one uvarint-prefixed
/// request, answered with "echo:" + request, then close.
let echoProtocol = "/namectl/test/echo/1.0.0"

/// A host listening on 127.0.0.1 that answers `echoProtocol`.
func echoHost(_ configuration: Libp2pHostConfiguration = Libp2pHostConfiguration()) async throws -> (Libp2pHost, Multiaddr) {
    let host = Libp2pHost(identity: .generate(), configuration: configuration)
    host.setHandler(echoProtocol) { stream, _ in
        do {
            let request = try await stream.readLengthPrefixed(maxLength: 1 << 22)
            try await stream.writeLengthPrefixed(Array("echo:".utf8) + request)
            await stream.close()
        } catch {
            stream.reset()
        }
    }
    let address = try await host.listen()
    return (host, Multiaddr(address.components + [.p2p(host.peerID)]))
}

/// Sends one echo request to `peer` and returns the answer.
func echo(_ message: [UInt8], from host: Libp2pHost, to address: Multiaddr) async throws -> [UInt8] {
    let (stream, _) = try await host.newStream(to: address.peerID!, addresses: [address], protocols: [echoProtocol])
    try await stream.writeLengthPrefixed(message)
    let answer = try await stream.readLengthPrefixed(maxLength: 1 << 22)
    await stream.close()
    return answer
}
