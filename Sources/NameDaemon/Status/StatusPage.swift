import Foundation
import NameRecord

/// The status page at `/`: server-rendered HTML (no JavaScript), every printed value escaped.
/// Names are paged (`/?page=N`, `pageSize` per page) so the page stays small with many names.
struct StatusPage {
    /// One name's row.
    struct Row {
        let name: String
        let owned: Bool
        let value: String
        let sequence: UInt64?
        let expires: Timestamp?
        let events: DaemonActivity.NameEvents?
    }

    /// One source's health.
    struct SourceRow {
        let label: String
        let successes: Int
        let failures: Int
        let consecutiveFailures: Int
        /// Seconds of backoff left (0: available).
        let backoffLeft: Double
    }

    static let pageSize = 50

    let rows: [Row]
    let page: Int
    let pages: Int
    let totalNames: Int
    let ownedNames: Int
    let sources: [SourceRow]
    let failures: (recent: [DaemonActivity.Failure], byReason: [(String, Int)])
    let hotEntries: Int
    let hotBytes: Int
    let connections: Int
    let now: Timestamp

    /// Escapes text for HTML element content and attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if scalar.value < 0x20 || (0x7f..<0xa0).contains(scalar.value) { out += "&#\(scalar.value);" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// `2026-12-02 01:23:45Z (in 47h 59m)`.
    func when(_ t: Timestamp?) -> String {
        guard let t else { return "—" }
        let text = String(t.rfc3339.prefix(19)).replacingOccurrences(of: "T", with: " ") + "Z"
        let delta = now.nanoseconds(until: t) / 1_000_000_000
        return "\(text) (\(Self.duration(abs(delta)))\(delta >= 0 ? " from now" : " ago"))"
    }

    static func duration(_ seconds: Int64) -> String {
        if seconds < 120 { return "\(seconds)s" }
        if seconds < 7200 { return "\(seconds / 60)m" }
        if seconds < 172_800 { return "\(seconds / 3600)h \(seconds % 3600 / 60)m" }
        return "\(seconds / 86400)d \(seconds % 86400 / 3600)h"
    }

    func render() -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>namectl daemon</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
            h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}
            table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
            th{background:#f4f4f4}code{font-size:12px;word-break:break-all}.owned{background:#e6f4ea;padding:0 .3em;border-radius:3px}
            .bad{color:#a00}.ok{color:#070}nav a{margin:0 .5em}
            </style></head><body>
            <h1>namectl daemon</h1>

            """
        html += "<p id=\"summary\">\(totalNames) name(s) held, \(ownedNames) owned · \(hotEntries) pre-encoded answer(s), \(hotBytes) bytes · \(connections) open connection(s) · \(Self.escape(when(now)))</p>\n"
        html += "<h2>Names</h2>\n"
        if rows.isEmpty {
            html += "<p>No names held.</p>\n"
        } else {
            html += "<table id=\"names\"><tr><th>Name</th><th>Value</th><th>Seq</th><th>Expires</th><th>Last republish</th><th>Last found / published</th></tr>\n"
            for row in rows {
                let owned = row.owned ? " <span class=\"owned\">owned</span>" : ""
                let found = row.events?.foundVia.map { "found via \($0), \(when(row.events?.foundAt))" }
                let published = row.events?.publishedTo.map { "published to \($0), \(when(row.events?.publishedAt))" }
                let lastSeen = [found, published].compactMap { $0 }.joined(separator: "; ")
                html += "<tr><td><code>\(Self.escape(row.name))</code>\(owned)</td><td><code>\(Self.escape(row.value))</code></td>"
                html += "<td>\(row.sequence.map(String.init) ?? "—")</td><td>\(Self.escape(when(row.expires)))</td>"
                html += "<td>\(Self.escape(row.events?.republishedAt.map { when($0) } ?? "—"))</td><td>\(Self.escape(lastSeen.isEmpty ? "—" : lastSeen))</td></tr>\n"
            }
            html += "</table>\n"
        }
        if pages > 1 {
            html += "<nav id=\"pages\">"
            if page > 1 { html += "<a href=\"/?page=\(page - 1)\">← previous</a>" }
            html += "page \(page) of \(pages)"
            if page < pages { html += "<a href=\"/?page=\(page + 1)\">next →</a>" }
            html += "</nav>\n"
        }
        html += "<h2>Sources</h2>\n<table id=\"sources\"><tr><th>Source</th><th>Successes</th><th>Failures</th><th>Consecutive failures</th><th>State</th></tr>\n"
        for source in sources {
            let state: String
            if source.backoffLeft > 0 {
                state = "<span class=\"bad\">backed off, \(Self.duration(Int64(source.backoffLeft.rounded(.up)))) left</span>"
            } else if source.consecutiveFailures > 0 {
                state = "<span class=\"bad\">failing, tried again on the next request</span>"
            } else {
                state = "<span class=\"ok\">available</span>"
            }
            html += "<tr><td>\(Self.escape(source.label))</td><td>\(source.successes)</td><td>\(source.failures)</td><td>\(source.consecutiveFailures)</td><td>\(state)</td></tr>\n"
        }
        html += "</table>\n<h2>Validation failures</h2>\n"
        if failures.byReason.isEmpty {
            html += "<p>None since start.</p>\n"
        } else {
            html += "<table id=\"failure-counts\"><tr><th>Reason</th><th>Count</th></tr>\n"
            for (reason, count) in failures.byReason { html += "<tr><td>\(Self.escape(reason))</td><td>\(count)</td></tr>\n" }
            html += "</table>\n<h2>Recent failures</h2>\n<table id=\"failures\"><tr><th>When</th><th>Name</th><th>Reason</th><th>From</th></tr>\n"
            for failure in failures.recent {
                html += "<tr><td>\(Self.escape(when(failure.at)))</td><td><code>\(Self.escape(failure.name))</code></td>"
                html += "<td>\(Self.escape(failure.reason))</td><td>\(Self.escape(failure.source))</td></tr>\n"
            }
            html += "</table>\n"
        }
        html += "</body></html>\n"
        return html
    }
}
