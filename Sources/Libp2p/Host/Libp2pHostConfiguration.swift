/// Timeouts and limits of a `Libp2pHost`.
public struct Libp2pHostConfiguration: Sendable {
    /// TCP connect.
    public var dialTimeout: Duration
    /// multistream-select for `/noise`, the Noise handshake and multistream-select for `/yamux/1.0.0`, together.
    public var upgradeTimeout: Duration
    /// multistream-select on a new stream.
    public var negotiateTimeout: Duration
    /// Most connections kept open; the oldest idle ones close beyond it.
    public var maxConnections: Int
    /// Most inbound streams being negotiated or handled at once per connection (beyond it they are reset).
    public var yamux: YamuxConfiguration
    /// The identify agent version.
    public var agentVersion: String

    /// Defaults: 5 s dial, 10 s upgrade, 10 s negotiation, 256 connections.
    public init(dialTimeout: Duration = .seconds(5), upgradeTimeout: Duration = .seconds(10), negotiateTimeout: Duration = .seconds(10),
                maxConnections: Int = 256, yamux: YamuxConfiguration = YamuxConfiguration(), agentVersion: String = "namectl/0.1") {
        self.dialTimeout = dialTimeout
        self.upgradeTimeout = upgradeTimeout
        self.negotiateTimeout = negotiateTimeout
        self.maxConnections = maxConnections
        self.yamux = yamux
        self.agentVersion = agentVersion
    }
}
