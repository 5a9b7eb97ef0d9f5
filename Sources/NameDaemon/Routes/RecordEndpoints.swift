import Foundation
import HTTPTypes
import Hummingbird
import NameKeys
import NameRecord
import NameResolver
import NameStore
import NIOCore

/// Delegated Routing V1 (IPNS) as Hummingbird routes, plus `/healthz` and `/metrics`. Cached
/// records are normally answered by `LeanRecordHandler` before they reach these routes; these
/// answer misses and everything else with the same headers.
struct RecordEndpoints: Sendable {
    static let recordMediaType = RecordResponse.mediaType

    let service: RecordService

    func register(on router: Router<DaemonRequestContext>) {
        router.get("routing/v1/ipns/:name") { _, context in try await self.getRecord(context) }
        router.put("routing/v1/ipns/:name") { request, context in try await self.putRecord(request, context) }
        router.get("healthz") { _, _ in Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "ok\n"))) }
        router.get("metrics") { _, _ in
            // Source health is read at scrape time, so backoff shows up as it happens.
            let now = MonotonicClock.now()
            for (source, state) in self.service.resolver.health.snapshot() {
                self.service.metrics.sourceBackoff(source.kind, failures: state.consecutiveFailures, backedOff: state.backoffUntil > now)
            }
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                            body: .init(byteBuffer: ByteBuffer(bytes: self.service.metrics.render())))
        }
    }

    private func invalidName(_ context: DaemonRequestContext) -> Response {
        let text = context.parameters.get("name") ?? ""
        let shown = text.count > RecordService.maxNameLength ? "\(text.prefix(32))… (\(text.utf8.count) bytes)" : text
        return RecordService.error(.badRequest, "invalid_name", "'\(shown)' is not an IPNS name")
    }

    func getRecord(_ context: DaemonRequestContext) async throws -> Response {
        guard let name = RecordService.name(context.parameters.get("name")) else { return invalidName(context) }
        do {
            return service.respond(.routing, name, try await service.record(for: name))
        } catch {
            return RecordService.error(RecordService.status(for: error), error.code.rawValue, error.reason)
        }
    }

    func putRecord(_ request: Request, _ context: DaemonRequestContext) async throws -> Response {
        if let wait = service.rateLimiter.take(context.clientAddress, now: MonotonicClock.now()) {
            service.metrics.recordStored(outcome: "rate_limited")
            return RecordService.error(.tooManyRequests, "rate_limited", "too many PUTs from \(context.clientAddress); retry in \(wait) s",
                                       headers: [.retryAfter: "\(wait)"])
        }
        guard let name = RecordService.name(context.parameters.get("name")) else { return invalidName(context) }
        var request = request
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: Record.maxSize) } catch {
            service.metrics.recordStored(outcome: "too_large")
            return RecordService.error(.contentTooLarge, "record_too_large", "record bodies are limited to \(Record.maxSize) bytes")
        }
        let bytes = Array(body.readableBytesView)
        let started = Date()
        do {
            let highest = try service.store.highestSeen(name)
            let record = try RecordValidator.standard.validate(bytes: bytes, for: name, highestSeenSequence: highest)
            guard try service.quota.admit(isNew: highest == nil, store: service.store) else {
                service.metrics.recordStored(outcome: "name_limit")
                return RecordService.error(.tooManyRequests, "name_limit", "this daemon stores at most \(service.quota.limit) names",
                                           headers: [.retryAfter: "3600"])
            }
            let outcome = try service.store.put(record, source: "http")
            service.metrics.recordStored(outcome: outcome == .stored ? "stored" : "unchanged")
            service.responses.offer(name: name, record: record.record, resolved: service.metrics.resolutionCounter(source: "local", outcome: "ok"))
            if outcome == .stored {
                service.activity.found(name.description, via: "http PUT from \(context.clientAddress)")
                await service.onStored(name, record.record)
            }
            service.metrics.publishDuration(Date().timeIntervalSince(started))
            return Response(status: .ok)
        } catch let e as RecordError {
            service.metrics.validationFailure(e.code.rawValue)
            service.metrics.recordStored(outcome: e.code.rawValue)
            service.activity.failure(name.description, reason: e.code.rawValue, source: "http PUT from \(context.clientAddress)")
            return RecordService.error(e.code == .rollback ? .conflict : .badRequest, e.code.rawValue, e.reason)
        } catch let e as StoreError where e.code == .staleRecord {
            service.metrics.recordStored(outcome: "stale")
            return RecordService.error(.conflict, e.code.rawValue, e.reason)
        } catch let e as StoreError {
            return RecordService.error(.internalServerError, e.code.rawValue, e.reason)
        }
    }
}
