import NameKeys

/// The record's serialized size must be at most 10 KiB.
public struct SizeCheck: RecordCheck {
    /// Makes the check.
    public init() {}
    public func check(_ record: Record, in context: ValidationContext) throws(RecordError) {
        guard record.bytes.count <= Record.maxSize else {
            throw RecordError(.recordTooLarge, "record is \(record.bytes.count) bytes, the limit is \(Record.maxSize)")
        }
    }
}

/// signatureV2 and a well-formed `data` must be present (V1-only records are rejected).
public struct SignatureV2PresenceCheck: RecordCheck {
    /// Makes the check.
    public init() {}
    public func check(_ record: Record, in context: ValidationContext) throws(RecordError) {
        guard record.hasSignatureV2 else {
            throw RecordError(.signatureV2Missing, "record has no signatureV2 (V1-only records are not accepted)")
        }
        guard let raw = record.entry.data, !raw.isEmpty else { throw RecordError(.dataMissing, "record has no data field") }
        if let error = record.dataError { throw error }
    }
}

/// signatureV2 must verify over `"ipns-signature:" ‖ data` under the name's key (see `Record.verificationKey(for:)`).
public struct SignatureV2Check: RecordCheck {
    /// Makes the check.
    public init() {}
    public func check(_ record: Record, in context: ValidationContext) throws(RecordError) {
        let key = try record.verificationKey(for: context.name)
        guard let sig = record.entry.signatureV2, let data = record.entry.data,
              (try? key.verify(signature: sig, message: Record.signatureV2Prefix + data)) == true else {
            throw RecordError(.signatureV2Invalid, "signatureV2 does not verify under the key of \(context.name)")
        }
    }
}

/// When the legacy `value` or `signatureV1` field is present, the legacy protobuf fields must equal
/// the signed CBOR fields (otherwise a V1 reader would see values nobody signed with V2).
public struct FieldAgreementCheck: RecordCheck {
    /// Makes the check.
    public init() {}
    public func check(_ record: Record, in context: ValidationContext) throws(RecordError) {
        let e = record.entry
        guard e.value != nil || e.signatureV1 != nil, let d = record.data else { return }
        var mismatched: [String] = []
        if (e.value ?? []) != d.value { mismatched.append("Value") }
        if (e.validity ?? []) != d.validity { mismatched.append("Validity") }
        if (e.validityType ?? 0) != d.validityType { mismatched.append("ValidityType") }
        if (e.sequence ?? 0) != d.sequence { mismatched.append("Sequence") }
        if (e.ttl ?? 0) != d.ttl { mismatched.append("TTL") }
        guard mismatched.isEmpty else {
            throw RecordError(.fieldMismatch, "protobuf fields disagree with the signed data: \(mismatched.joined(separator: ", "))")
        }
    }
}

/// ValidityType must be EOL (0).
public struct ValidityTypeCheck: RecordCheck {
    /// Makes the check.
    public init() {}
    public func check(_ record: Record, in context: ValidationContext) throws(RecordError) {
        guard let type = record.data?.validityType, type == 0 else {
            throw RecordError(.unsupportedValidityType, "validity type \(record.data?.validityType ?? 0) is not EOL (0)")
        }
    }
}

/// The validity must parse as RFC 3339 and lie after `now`.
public struct ExpiryCheck: RecordCheck {
    /// Makes the check.
    public init() {}
    public func check(_ record: Record, in context: ValidationContext) throws(RecordError) {
        guard let raw = record.data?.validity, let eol = Timestamp(rfc3339: raw) else {
            throw RecordError(.invalidValidity, "validity '\(String(decoding: record.data?.validity ?? [], as: UTF8.self))' is not an RFC 3339 time")
        }
        guard context.now < eol else { throw RecordError(.expired, "record expired at \(eol)") }
    }
}

/// The sequence must not be lower than the highest already seen for the name.
public struct NoRollbackCheck: RecordCheck {
    /// Makes the check.
    public init() {}
    public func check(_ record: Record, in context: ValidationContext) throws(RecordError) {
        guard let seen = context.highestSeenSequence, let seq = record.data?.sequence else { return }
        guard seq >= seen else {
            throw RecordError(.rollback, "record sequence \(seq) is older than sequence \(seen) already seen for \(context.name); refused (rollback)")
        }
    }
}
