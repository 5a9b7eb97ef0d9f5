import Foundation
import HTTPTypes
import Hummingbird
import NameKeys
import NameRecord
import NameResolver
import NameStore

/// Delegated Routing V1 (IPNS) plus the JSON resolution endpoint, `/healthz` and `/metrics`.
struct RecordEndpoints: Sendable {
    static let recordMediaType = "application/vnd.ipfs.ipns-record"

    let store: NameStore
    let resolver: NameResolver
    let metrics: DaemonMetrics
    /// Called after a PUT stored a record (e.g. to re-publish it to the DHT).
    let onStored: @Sendable (Name, Record) async -> Void

    func register(on router: Router<BasicRequestContext>) {
        router.get("routing/v1/ipns/:name") { request, context in try await self.getRecord(request, context) }
        router.put("routing/v1/ipns/:name") { request, context in try await self.putRecord(request, context) }
        router.get("ipns/**") { request, context in try await self.resolvePath(request, context) }
        router.get("healthz") { _, _ in Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "ok\n"))) }
        router.get("metrics") { _, _ in
            // Source health is read at scrape time, so backoff shows up as it happens.
            let now = MonotonicClock.now()
            // Metrics keep bounded labels: endpoints of one kind are summed into their kind.
            var byKind: [String: (failures: Int, backedOff: Bool)] = [:]
            for (source, state) in self.resolver.health.snapshot() {
                let sum = byKind[source.kind] ?? (0, false)
                byKind[source.kind] = (sum.failures + state.consecutiveFailures, sum.backedOff || state.backoffUntil > now)
            }
            for (kind, state) in byKind {
                self.metrics.sourceBackoff(kind, failures: state.failures, backedOff: state.backedOff)
            }
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(bytes: self.metrics.render())))
        }
    }

    private func error(_ status: HTTPResponse.Status, _ code: String, _ message: String) -> Response {
        let body = (try? JSONSerialization.data(withJSONObject: ["error": ["code": code, "message": message]], options: [.sortedKeys])) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    private func parseName(_ context: BasicRequestContext) -> Name? {
        guard let text = context.parameters.get("name") else { return nil }
        return try? Name(text)
    }

    func getRecord(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        guard let name = parseName(context) else {
            return error(.badRequest, "invalid_name", "'\(context.parameters.get("name") ?? "")' is not an IPNS name")
        }
        do {
            let found = try await resolver.record(for: name)
            metrics.resolution(source: found.source.kind, outcome: "ok")
            if found.cached { metrics.cacheHit() }
            let ttlSeconds = (found.record.ttl ?? 0) / 1_000_000_000
            return Response(status: .ok,
                            headers: [.contentType: Self.recordMediaType, .cacheControl: "public, max-age=\(ttlSeconds)"],
                            body: .init(byteBuffer: ByteBuffer(bytes: found.record.bytes)))
        } catch {
            metrics.resolution(source: "all", outcome: error.code.rawValue)
            if let reason = error.recordError?.code.rawValue { metrics.validationFailure(reason) }
            switch error.code {
            case .notFound, .expired: return self.error(.notFound, error.code.rawValue, error.reason)
            case .sourceFailure, .deadlineExceeded: return self.error(.badGateway, error.code.rawValue, error.reason)
            default: return self.error(.internalServerError, error.code.rawValue, error.reason)
            }
        }
    }

    func putRecord(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        guard let name = parseName(context) else {
            return error(.badRequest, "invalid_name", "'\(context.parameters.get("name") ?? "")' is not an IPNS name")
        }
        var request = request
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: Record.maxSize) } catch {
            metrics.recordStored(outcome: "too_large")
            return self.error(.contentTooLarge, "record_too_large", "record bodies are limited to \(Record.maxSize) bytes")
        }
        let bytes = Array(body.readableBytesView)
        let started = Date()
        do {
            let highest = try store.highestSeen(name)
            let verified = try RecordValidator.standard.validate(bytes: bytes, for: name, highestSeenSequence: highest)
            let outcome = try store.put(verified, source: "http")
            metrics.recordStored(outcome: outcome == .stored ? "stored" : "unchanged")
            if outcome == .stored { await onStored(name, verified.record) }
            metrics.publishDuration(Date().timeIntervalSince(started))
            return Response(status: .ok)
        } catch let e as RecordError {
            metrics.validationFailure(e.code.rawValue)
            metrics.recordStored(outcome: e.code.rawValue)
            return error(e.code == .rollback ? .conflict : .badRequest, e.code.rawValue, e.reason)
        } catch let e as StoreError where e.code == .staleRecord {
            metrics.recordStored(outcome: "stale")
            return error(.conflict, e.code.rawValue, e.reason)
        } catch let e as StoreError {
            return error(.internalServerError, e.code.rawValue, e.reason)
        }
    }

    func resolvePath(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let path = String(request.uri.path)
        do {
            let r = try await resolver.resolve(path)
            metrics.resolution(source: r.source?.kind ?? "none", outcome: "ok")
            let data = try JSONSerialization.data(withJSONObject: r.jsonObject, options: [.sortedKeys, .withoutEscapingSlashes])
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        } catch let e as ResolveError {
            metrics.resolution(source: "all", outcome: e.code.rawValue)
            let status: HTTPResponse.Status
            switch e.code {
            case .invalidPath, .unsupported: status = .badRequest
            case .notFound, .expired: status = .notFound
            case .sourceFailure: status = .badGateway
            case .validationFailed, .loop, .depthExceeded, .decryptionFailed: status = .unprocessableContent
            case .storeFailure: status = .internalServerError
            default: status = .badGateway
            }
            return error(status, e.code.rawValue, e.reason)
        }
    }
}
