import NameKeys

/// The names a node keeps alive on the DHT for others (`namectl follow`), each with the last valid
/// signed item seen for it, so the original item (same `seq`, `v`, signature) can be rebroadcast even
/// when the DHT has lost it. One text file: a line per name, `<name>` or `<name> <hex bencoded item>`.
public struct FollowList: Sendable {
    /// The file.
    public let path: String

    /// A list kept in `path` (created on the first change).
    public init(path: String) { self.path = path }

    /// The followed names and their kept items (`nil` until one was seen). A missing file is an empty list.
    /// - Throws: `malformedMessage` when a line is damaged, `storageError` when the file cannot be read.
    public func load() throws(DHTError) -> [Name: MutableItem?] {
        let bytes: [UInt8]?
        do { bytes = try AtomicFile.read(path) } catch { throw DHTError(.storageError, "cannot read \(path): \(error.reason)") }
        guard let bytes else { return [:] }
        let text = String(decoding: bytes, as: UTF8.self)
        var out: [Name: MutableItem?] = [:]
        for line in text.split(separator: "\n") where !line.isEmpty {
            let parts = line.split(separator: " ")
            guard let name = try? Name(String(parts[0])), parts.count <= 2 else {
                throw DHTError(.malformedMessage, "\(path): '\(line.prefix(80))' is not a followed name")
            }
            out[name] = parts.count == 2 ? try FollowList.decodeItem(String(parts[1])) : nil
        }
        return out
    }

    /// Follows `name`. Returns whether it was new.
    @discardableResult
    public func add(_ name: Name) throws(DHTError) -> Bool {
        var all = try load()
        guard all[name] == nil else { return false }
        all[name] = .some(nil)
        try save(all)
        return true
    }

    /// Stops following `name`. Returns whether it was followed.
    @discardableResult
    public func remove(_ name: Name) throws(DHTError) -> Bool {
        var all = try load()
        guard all.removeValue(forKey: name) != nil else { return false }
        try save(all)
        return true
    }

    /// Keeps `item` as the latest one seen for a followed `name` (ignored when `name` is not followed).
    public func keep(_ item: MutableItem, for name: Name) throws(DHTError) {
        var all = try load()
        guard all[name] != nil else { return }
        all[name] = item
        try save(all)
    }

    private func save(_ all: [Name: MutableItem?]) throws(DHTError) {
        let text = all.keys.sorted().map { name in
            (all[name] ?? nil).map { "\(name) \(Hex.encode(FollowList.encodeItem($0)))" } ?? "\(name)"
        }.joined(separator: "\n")
        do {
            try AtomicFile.write(Array((text.isEmpty ? "" : text + "\n").utf8), to: path)
        } catch {
            throw DHTError(.storageError, "cannot write \(path): \(error.reason)")
        }
    }

    static func encodeItem(_ item: MutableItem) -> [UInt8] {
        Bencode.dictionary([k("k"): .bytes(item.publicKey), k("salt"): .bytes(item.salt), k("seq"): .integer(item.sequence),
                            k("sig"): .bytes(item.signature), k("v"): item.value]).encoded
    }

    static func decodeItem(_ hex: String) throws(DHTError) -> MutableItem {
        guard let bytes = Hex.decode(hex), case .dictionary(let d) = try BencodeDecoder().decode(bytes),
              let key = d[k("k")]?.bytesValue, let salt = d[k("salt")]?.bytesValue, let seq = d[k("seq")]?.integerValue,
              let sig = d[k("sig")]?.bytesValue, let v = d[k("v")] else {
            throw DHTError(.malformedMessage, "a kept item is damaged")
        }
        return try MutableItem(publicKey: key, salt: salt, sequence: seq, value: v, signature: sig)
    }
}
