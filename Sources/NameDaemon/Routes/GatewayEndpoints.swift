import Foundation
import HTTPTypes
import Hummingbird
import NameKeys
import NameResolver
import NIOCore

/// `GET`/`HEAD /ipns/{name}[/path]`: the signed record as a trustless gateway serves it (IPIP-351:
/// `?format=ipns-record` or `Accept: application/vnd.ipfs.ipns-record`), or the resolution as JSON.
/// Other formats get 406; `.` and `..` path segments get 400 (no path cleaning surprises).
struct GatewayEndpoints: Sendable {
    /// What the client asked for.
    enum Wanted: Equatable {
        case record
        case json
        case unsupported(String)
    }

    let service: RecordService

    func register(on router: Router<DaemonRequestContext>) {
        router.get("ipns/**") { request, _ in await self.get(request) }
        router.head("ipns/**") { request, _ in
            var response = await self.get(request)
            let length = response.body.contentLength
            response.body = ResponseBody()
            if let length { response.headers[.contentLength] = "\(length)" }
            return response
        }
    }

    /// Negotiates the response type: `format` wins over `Accept`; no `Accept`, `*/*`,
    /// `application/*` and `application/json` get JSON.
    static func wanted(format: String?, accept: String?) -> Wanted {
        if let format {
            return format == "ipns-record" ? .record : .unsupported("format=\(format)")
        }
        guard let accept, !accept.trimmingCharacters(in: .whitespaces).isEmpty else { return .json }
        let types = accept.split(separator: ",").map { $0.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? "" }
        if types.contains(RecordResponse.mediaType) { return .record }
        if types.contains(where: { ["application/json", "*/*", "application/*"].contains($0) }) { return .json }
        return .unsupported(accept)
    }

    func get(_ request: Request) async -> Response {
        let path = String(request.uri.path)
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst(2).map(String.init)
        if segments.contains(where: { ($0.removingPercentEncoding ?? $0) == "." || ($0.removingPercentEncoding ?? $0) == ".." }) {
            return vary(RecordService.error(.badRequest, "invalid_path", "'.' and '..' are not allowed in /ipns/ paths"))
        }
        guard let first = segments.first, first.utf8.count <= RecordService.maxNameLength else {
            return vary(RecordService.error(.badRequest, "invalid_path", "the name in the path is missing or longer than any valid name"))
        }
        switch Self.wanted(format: request.uri.queryParameters.get("format"), accept: request.headers[.accept]) {
        case .unsupported(let what):
            return vary(RecordService.error(.notAcceptable, "not_acceptable",
                                            "\(what) is not served here; ask for \(RecordResponse.mediaType) (?format=ipns-record) or application/json"))
        case .record:
            guard segments.dropFirst().allSatisfy(\.isEmpty) else {
                return vary(RecordService.error(.badRequest, "invalid_path", "an IPNS record is served for /ipns/{name} only, not for a path below it"))
            }
            guard let name = RecordService.name(first) else {
                return vary(RecordService.error(.badRequest, "invalid_name", "'\(first)' is not an IPNS name (records exist for keys, not DNS names)"))
            }
            do {
                return service.respond(.gateway, name, try await service.record(for: name))
            } catch {
                return vary(RecordService.error(RecordService.status(for: error), error.code.rawValue, error.reason))
            }
        case .json:
            let resolution: Resolution
            do { resolution = try await service.resolver.resolve(path) } catch {
                service.metrics.resolution(source: "all", outcome: error.code.rawValue)
                return vary(RecordService.error(RecordService.status(for: error), error.code.rawValue, error.reason))
            }
            service.metrics.resolution(source: resolution.source?.kind ?? "none", outcome: "ok")
            guard let data = try? JSONSerialization.data(withJSONObject: resolution.jsonObject, options: [.sortedKeys, .withoutEscapingSlashes]) else {
                return vary(RecordService.error(.internalServerError, "internal", "the resolution could not be encoded"))
            }
            return Response(status: .ok, headers: [.contentType: "application/json", .vary: "Accept"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    private func vary(_ response: Response) -> Response {
        var response = response
        response.headers[.vary] = "Accept"
        return response
    }
}
