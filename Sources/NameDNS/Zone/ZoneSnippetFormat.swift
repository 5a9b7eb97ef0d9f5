/// How a `ZoneSnippet` is rendered.
public enum ZoneSnippetFormat: String, Sendable, CaseIterable {
    /// RFC 1035 master-file lines, ready to paste into a zone file.
    case zone
    /// `nsupdate`/`knsupdate` commands that replace the RRset (end with `send`).
    case nsupdate
    /// A JSON object `{"records":[{"name","ttl","type","strings","value"}]}`.
    case json
}
