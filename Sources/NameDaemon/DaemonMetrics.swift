import Prometheus
import Synchronization

/// The daemon's Prometheus metrics (served at `/metrics`).
public final class DaemonMetrics: Sendable {
    /// The registry behind `/metrics`.
    public let registry = PrometheusCollectorRegistry()

    /// Counters already made, by name and labels: the registry's own lookup is slower than a hot
    /// request path wants.
    private let counters = Mutex<[String: Counter]>([:])

    private func counter(_ name: String, _ labels: [(String, String)], help: String) -> Counter {
        let key = name + labels.map { "|\($0.0)=\($0.1)" }.joined()
        if let hit = counters.withLock({ $0[key] }) { return hit }
        let made = registry.makeCounter(name: name, labels: labels, help: help)
        counters.withLock { $0[key] = made }
        return made
    }

    /// Counts a resolution by source and outcome (`ok` or an error code).
    public func resolution(source: String, outcome: String) {
        resolutionCounter(source: source, outcome: outcome).increment()
    }

    /// The counter behind `resolution(source:outcome:)`, for a hot path to keep and increment.
    func resolutionCounter(source: String, outcome: String) -> Counter {
        counter("namectl_resolutions_total", [("source", source), ("outcome", outcome)], help: "Resolutions by source and outcome")
    }

    /// Counts a record refused, by validation reason.
    public func validationFailure(_ reason: String) {
        counter("namectl_validation_failures_total", [("reason", reason)], help: "Records refused, by reason").increment()
    }

    /// Counts an answer served from the in-memory cache.
    public func cacheHit() {
        cacheHitCounter.increment()
    }

    /// The counter behind `cacheHit()`.
    var cacheHitCounter: Counter { counter("namectl_cache_hits_total", [], help: "Answers served from the in-memory cache") }

    /// Records the duration of a publish (sign + store + transports), in seconds.
    public func publishDuration(_ seconds: Double) {
        registry.makeValueHistogram(name: "namectl_publish_duration_seconds",
                                    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
                                    help: "Publish latency").record(seconds)
    }

    /// Sets a source's backoff state (1 when backed off).
    public func sourceBackoff(_ source: String, failures: Int, backedOff: Bool) {
        registry.makeGauge(name: "namectl_source_consecutive_failures", labels: [("source", source)],
                           help: "Consecutive failures per source").set(to: Double(failures))
        registry.makeGauge(name: "namectl_source_backed_off", labels: [("source", source)],
                           help: "1 while a failing source is skipped").set(to: backedOff ? 1.0 : 0.0)
    }

    /// Counts records accepted by PUT.
    public func recordStored(outcome: String) {
        counter("namectl_records_put_total", [("outcome", outcome)], help: "PUT /routing/v1/ipns outcomes").increment()
    }

    /// Sets the DHT node's gauges (`namectl daemon --dht`): routing-table nodes, of which good (answered
    /// within 15 min), items stored for others, and the node's own items (owned and followed names).
    public func dhtStatus(routingTable: Int, goodNodes: Int, storedForOthers: Int, ownItems: Int) {
        registry.makeGauge(name: "namectl_dht_routing_table_nodes", help: "DHT routing-table nodes").set(to: Double(routingTable))
        registry.makeGauge(name: "namectl_dht_good_nodes", help: "DHT routing-table nodes that answered within 15 minutes")
            .set(to: Double(goodNodes))
        registry.makeGauge(name: "namectl_dht_stored_items", labels: [("holder", "others")], help: "BEP 44 items held by the DHT node")
            .set(to: Double(storedForOthers))
        registry.makeGauge(name: "namectl_dht_stored_items", labels: [("holder", "own")], help: "BEP 44 items held by the DHT node")
            .set(to: Double(ownItems))
    }

    /// Counts a DHT keep-alive re-put of an owned or followed name (`ok` or `failed`).
    public func dhtKeepAlive(outcome: String) {
        counter("namectl_dht_keepalive_total", [("outcome", outcome)], help: "DHT keep-alive re-puts by outcome").increment()
    }

    /// The Prometheus text exposition.
    public func render() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }

    /// Makes an empty registry.
    public init() {}
}
