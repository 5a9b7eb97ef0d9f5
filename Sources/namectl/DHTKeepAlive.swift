import Logging
import NameDaemon
import NameDHT
import NameKeys
import NameRecord
import NameResolver
import NameStore

/// The daemon's DHT keep-alive loop. DHT nodes drop an item about two hours after its last put, so
/// every `interval` (±10 %, default 45 min; first round at start) it re-puts the current record of
/// each name it can sign for (owned names and the private names kept in the home) and, for each
/// followed name (`namectl follow`), rebroadcasts the original signed item — the one on the DHT, or
/// the one kept from an earlier round when the DHT has lost it — and stores its record so the
/// daemon serves it over HTTP.
struct DHTKeepAlive {
    let dht: DHTSource
    let store: NameStore
    let follow: FollowList
    /// The keys it signs items with, by name (read again every round).
    let signers: @Sendable () -> [Name: any SigningKey]
    let interval: Double
    /// Counts each re-put's outcome (`namectl_dht_keepalive_total`).
    let metrics: DaemonMetrics
    let logger: Logger

    func run() async {
        while !Task.isCancelled {
            await runOnce()
            do { try await Task.sleep(for: .seconds(interval * Double.random(in: 0.9...1.1))) } catch { return }
        }
    }

    func runOnce() async {
        for (name, key) in signers() {
            guard let held = try? store.record(for: name) else { continue }
            do {
                _ = try await dht.node.publish(record: held.record, key: key)
                metrics.dhtKeepAlive(outcome: "ok")
            } catch {
                metrics.dhtKeepAlive(outcome: "failed")
                logger.warning("DHT keep-alive of \(name) failed: \(error)")
            }
        }
        let followed: [Name: MutableItem?]
        do { followed = try follow.load() } catch {
            return logger.warning("cannot read the follow list: \(error)")
        }
        for (name, kept) in followed {
            do {
                let (item, report) = try await dht.node.keepAlive(name, kept: kept)
                try follow.keep(item, for: name)
                _ = try? store.put(RecordValidator.standard.validate(try IPNSItem.record(from: item, for: name), for: name), source: "dht")
                metrics.dhtKeepAlive(outcome: "ok")
                logger.info("kept \(name) alive: seq \(item.sequence) on \(report.storedOn.count) nodes")
            } catch {
                metrics.dhtKeepAlive(outcome: "failed")
                logger.warning("DHT keep-alive of followed \(name) failed: \(error)")
            }
        }
    }
}
