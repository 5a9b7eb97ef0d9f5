import Hummingbird
import NameKeys
import NameRecord
import NameResolver
import NIOCore

/// `GET /`: the status page, built from the store, the activity log and source health.
struct StatusEndpoint: Sendable {
    let service: RecordService
    let keys: @Sendable () -> [PrivateKey]
    let connections: ConnectionRegistry

    func register(on router: Router<DaemonRequestContext>) {
        router.get("/") { request, _ in self.page(request) }
    }

    func page(_ request: Request) -> Response {
        let names: [Name]
        do { names = try service.store.names() } catch {
            return RecordService.error(.internalServerError, error.code.rawValue, error.reason)
        }
        let owned = Set(keys().map(\.name))
        let pages = max(1, (names.count + StatusPage.pageSize - 1) / StatusPage.pageSize)
        let page = min(max(1, request.uri.queryParameters.get("page").flatMap { Int($0) } ?? 1), pages)
        let now = Timestamp.now()
        let rows = names.dropFirst((page - 1) * StatusPage.pageSize).prefix(StatusPage.pageSize).map { name in
            let record = (try? service.store.record(for: name))?.record
            let value = record?.value.map { String(validating: $0, as: UTF8.self) ?? "(\($0.count) bytes, not text)" } ?? "—"
            return StatusPage.Row(name: name.description, owned: owned.contains(name), value: value, sequence: record?.sequence,
                                  expires: record?.validity, events: service.activity.events(name.description))
        }
        let monotonic = MonotonicClock.now()
        let health = service.resolver.health.snapshot()
        var identities = service.resolver.configuration.sources.map(\.identity)
        identities += health.keys.filter { !identities.contains($0) }.sorted()
        let sources = identities.map { identity in
            let state = health[identity]
            return StatusPage.SourceRow(label: identity.description, successes: state?.successes ?? 0, failures: state?.failures ?? 0,
                                        consecutiveFailures: state?.consecutiveFailures ?? 0,
                                        backoffLeft: max(0, (state?.backoffUntil ?? 0) - monotonic))
        }
        let html = StatusPage(rows: Array(rows), page: page, pages: pages, totalNames: names.count, ownedNames: names.filter(owned.contains).count,
                              sources: sources, failures: service.activity.failures(), hotEntries: service.responses.count,
                              hotBytes: service.responses.bytes, connections: connections.count, now: now).render()
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
