import NameKeys
import NameRecord
import NIOCore
import Prometheus
import Synchronization

/// Pre-encoded record responses for the hot routes, keyed by the exact request target, so the lean
/// path answers a hit with one dictionary lookup and two buffer writes. Bounded in bytes: past the
/// bound, entries are dropped (arbitrary order) until the new one fits.
///
/// An entry is sent as encoded only while its `Cache-Control` stays true and for at most one TTL
/// after it was resolved: until `min(resolved + TTL, EOL − max-age)`. After that the request goes to
/// the full route, which resolves again (and re-encodes). A record is never served past its EOL.
final class HotResponses: Sendable {
    /// Which form of request a target is.
    enum Target: Sendable {
        /// `/routing/v1/ipns/{name}`.
        case routing
        /// `/ipns/{name}?format=ipns-record`.
        case gatewayQuery
        /// `/ipns/{name}`: a record only when `Accept` asks for one (JSON otherwise).
        case gatewayAccept
    }

    /// One name's encoded responses.
    final class Entry: Sendable {
        let name: String
        let record: Record
        /// Until when the encoded bytes may be sent as they are.
        let serveUntil: Timestamp
        /// Header block (after the status and `Date` lines) plus body, per form; and header block alone for HEAD.
        let routingGet: ByteBuffer
        let routingHead: ByteBuffer
        let gatewayGet: ByteBuffer
        let gatewayHead: ByteBuffer
        /// `namectl_resolutions_total{source=…,outcome="ok"}` for this entry's source.
        let resolved: Counter
        /// Bytes this entry holds (buffers, record and keys).
        let cost: Int

        init?(name: Name, record: Record, resolved: Counter, now: Timestamp) {
            guard let routing = RecordResponse(.routing, name: name, record: record, now: now),
                  let gateway = RecordResponse(.gateway, name: name, record: record, now: now),
                  let eol = record.validity else { return nil }
            let ttlEnd = now.adding(nanoseconds: record.ttl ?? 0)
            let headerTrue = Timestamp(seconds: eol.seconds - routing.maxAge, nanoseconds: Int64(eol.nanoseconds))
            serveUntil = min(ttlEnd, headerTrue)
            guard now < serveUntil else { return nil }
            self.name = name.description
            self.record = record
            self.resolved = resolved
            (routingGet, routingHead) = Self.encode(routing.headers, body: record.bytes)
            (gatewayGet, gatewayHead) = Self.encode(gateway.headers, body: record.bytes)
            cost = routingGet.readableBytes + routingHead.readableBytes + gatewayGet.readableBytes + gatewayHead.readableBytes
                + record.bytes.count + 3 * (self.name.utf8.count + 40) + 256
        }

        private static func encode(_ headers: [(String, String)], body: [UInt8]) -> (ByteBuffer, ByteBuffer) {
            var head = ByteBuffer()
            for (field, value) in headers + [("Server", "namectl"), ("Content-Length", "\(body.count)")] {
                head.writeString(field)
                head.writeString(": ")
                head.writeString(value)
                head.writeString("\r\n")
            }
            head.writeString("\r\n")
            var full = head
            full.writeBytes(body)
            return (full, head)
        }
    }

    /// A lookup result.
    struct Hit {
        let entry: Entry
        let target: Target
    }

    private struct State {
        var byTarget: [String: Hit] = [:]
        var byName: [String: Entry] = [:]
        var bytes = 0
    }

    /// The bound, in bytes.
    let capacity: Int
    private let state = Mutex(State())

    /// Makes an empty cache holding at most `capacity` bytes.
    init(capacity: Int) { self.capacity = capacity }

    /// The entry for an exact request target (`/routing/v1/ipns/k51…`, `/ipns/k51…?format=ipns-record`).
    func lookup(_ target: String) -> Hit? {
        state.withLock { $0.byTarget[target] }
    }

    /// The record held for `name` while its entry is servable.
    func record(for name: Name, now: Timestamp = .now()) -> Record? {
        state.withLock { state in state.byName[name.description].flatMap { now < $0.serveUntil ? $0.record : nil } }
    }

    /// Bytes held now.
    var bytes: Int { state.withLock { $0.bytes } }

    /// Number of names held now.
    var count: Int { state.withLock { $0.byName.count } }

    /// Offers a validated record just resolved or stored. It replaces the held entry unless the held
    /// one is still servable and preferred (a late answer never rolls the hot path back).
    func offer(name: Name, record: Record, resolved: Counter, now: Timestamp = .now()) {
        let fresh = Entry(name: name, record: record, resolved: resolved, now: now)
        state.withLock { state in
            if let held = state.byName[name.description] {
                if now < held.serveUntil && RecordSelection.isPreferred(held.record, over: record) { return }
                Self.remove(held, from: &state)
            }
            guard let fresh, fresh.cost <= capacity else { return }
            while state.bytes + fresh.cost > capacity, let victim = state.byName.values.first {
                Self.remove(victim, from: &state)
            }
            state.byName[fresh.name] = fresh
            state.bytes += fresh.cost
            for (target, form) in Self.targets(fresh.name) { state.byTarget[target] = Hit(entry: fresh, target: form) }
        }
    }

    /// Drops the entry for `name`, if any.
    func remove(_ name: Name) {
        state.withLock { state in
            if let held = state.byName[name.description] { Self.remove(held, from: &state) }
        }
    }

    private static func remove(_ entry: Entry, from state: inout State) {
        state.byName[entry.name] = nil
        state.bytes -= entry.cost
        for (target, _) in targets(entry.name) { state.byTarget[target] = nil }
    }

    private static func targets(_ name: String) -> [(String, Target)] {
        [("/routing/v1/ipns/" + name, .routing), ("/ipns/" + name + "?format=ipns-record", .gatewayQuery), ("/ipns/" + name, .gatewayAccept)]
    }
}
