/// What a `DHTNode` needs from the network: send datagrams, and deliver received ones to a handler.
/// `UDPTransport` is the real one; tests use an in-memory network with the same shape.
protocol DatagramTransport: Sendable {
    /// Where this transport receives (the IPv4 socket of a dual-stack transport).
    var localEndpoint: DHTEndpoint { get }
    /// Every endpoint it receives on (one per address family).
    var localEndpoints: [DHTEndpoint] { get }
    /// Starts delivering received datagrams to `handler` (called on an arbitrary thread).
    func start(_ handler: @escaping @Sendable ([UInt8], DHTEndpoint) -> Void)
    /// Sends one datagram (best effort, like UDP).
    func send(_ bytes: [UInt8], to endpoint: DHTEndpoint)
    /// Stops receiving and releases the socket.
    func close()
}

extension DatagramTransport {
    /// A single socket's endpoint.
    var localEndpoints: [DHTEndpoint] { [localEndpoint] }
}
