import Foundation
import HTTPTypes
import Hummingbird
import NameKeys
import NameRecord
import NameResolver
import NameStore

/// What the routes share: the store and resolver, the hot-path cache, metrics, activity and limits.
struct RecordService: Sendable {
    /// Longer than any valid name in any accepted spelling (base36/base32 CIDs, base58 peer IDs of
    /// every key type), so longer input is refused before any multibase decoding.
    static let maxNameLength = 128

    let store: NameStore
    let resolver: NameResolver
    let metrics: DaemonMetrics
    let responses: HotResponses
    let activity: DaemonActivity
    let rateLimiter: PutRateLimiter
    let quota: NameQuota
    /// Called after a PUT changed the stored record (e.g. to re-publish it to the DHT).
    let onStored: @Sendable (Name, Record) async -> Void

    /// A JSON error body `{"error":{"code":…,"message":…}}`.
    static func error(_ status: HTTPResponse.Status, _ code: String, _ message: String, headers: HTTPFields = [:]) -> Response {
        let body = (try? JSONSerialization.data(withJSONObject: ["error": ["code": code, "message": message]], options: [.sortedKeys])) ?? Data()
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// Parses a name from a path segment, refusing overlong text before decoding it.
    static func name(_ text: String?) -> Name? {
        guard let text, text.utf8.count <= maxNameLength else { return nil }
        return try? Name(text)
    }

    /// The best valid record for `name`, offered to the hot path; errors counted in metrics.
    func record(for name: Name) async throws(ResolveError) -> Record {
        do {
            let found = try await resolver.record(for: name)
            metrics.resolution(source: found.source.kind, outcome: "ok")
            if found.cached { metrics.cacheHit() } else { activity.found(name.description, via: found.source.description) }
            // A PUT may have stored a newer record than the resolver's cache holds.
            if let held = responses.record(for: name), RecordSelection.isPreferred(held, over: found.record) { return held }
            responses.offer(name: name, record: found.record, resolved: metrics.resolutionCounter(source: found.source.kind, outcome: "ok"))
            return found.record
        } catch {
            metrics.resolution(source: "all", outcome: error.code.rawValue)
            if let reason = error.recordError?.code.rawValue {
                metrics.validationFailure(reason)
                activity.failure(name.description, reason: reason, source: "resolve")
            }
            throw error
        }
    }

    /// The HTTP status for a failed record lookup.
    static func status(for error: ResolveError) -> HTTPResponse.Status {
        let code = error.code
        if code == .notFound || code == .expired { return .notFound }
        if code == .sourceFailure { return .badGateway }
        if code == .deadlineExceeded { return .gatewayTimeout }
        if code == .invalidPath || code == .unsupported { return .badRequest }
        if code == .storeFailure { return .internalServerError }
        return .unprocessableContent
    }

    /// The record response in `form`, or 404 when the record expired between lookup and answer.
    func respond(_ form: RecordResponse.Form, _ name: Name, _ record: Record) -> Response {
        guard let response = RecordResponse(form, name: name, record: record, now: .now()) else {
            return Self.error(.notFound, "expired", "the record for \(name) has expired")
        }
        var headers = HTTPFields()
        for (field, value) in response.headers {
            if let name = HTTPField.Name(field) { headers.append(HTTPField(name: name, value: value)) }
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: record.bytes)))
    }
}
