/// Chooses between valid records for the same name, in boxo's order.
public enum RecordSelection {
    /// Whether `a` is preferred over `b`: a record with signatureV2 beats one without; then the
    /// higher sequence; then the later EOL; then the bytewise-greater serialized record.
    public static func isPreferred(_ a: Record, over b: Record) -> Bool {
        if a.hasSignatureV2 != b.hasSignatureV2 { return a.hasSignatureV2 }
        let sa = a.sequence ?? 0, sb = b.sequence ?? 0
        if sa != sb { return sa > sb }
        switch (a.validity, b.validity) {
        case (let ea?, let eb?) where ea != eb: return ea > eb
        case (_?, nil): return true
        case (nil, _?): return false
        default: break
        }
        return b.bytes.lexicographicallyPrecedes(a.bytes)
    }

    /// The best of `records` (assumed already validated), or `nil` when empty.
    public static func best(_ records: [Record]) -> Record? {
        records.reduce(nil) { best, r in
            guard let best else { return r }
            return isPreferred(r, over: best) ? r : best
        }
    }
}
