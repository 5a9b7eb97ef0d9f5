/// An IPv4 and an IPv6 socket as one transport (BEP 32's dual-stack node): both deliver to the same
/// handler, and each datagram goes out on the socket of its destination's address family.
final class DualStackTransport: DatagramTransport {
    let v4: any DatagramTransport
    let v6: any DatagramTransport

    init(v4: any DatagramTransport, v6: any DatagramTransport) {
        self.v4 = v4
        self.v6 = v6
    }

    var localEndpoint: DHTEndpoint { v4.localEndpoint }
    var localEndpoints: [DHTEndpoint] { [v4.localEndpoint, v6.localEndpoint] }

    func start(_ handler: @escaping @Sendable ([UInt8], DHTEndpoint) -> Void) {
        v4.start(handler)
        v6.start(handler)
    }

    func send(_ bytes: [UInt8], to endpoint: DHTEndpoint) { (endpoint.isIPv6 ? v6 : v4).send(bytes, to: endpoint) }

    func close() {
        v4.close()
        v6.close()
    }
}
