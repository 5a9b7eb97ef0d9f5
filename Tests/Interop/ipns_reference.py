#!/usr/bin/env python3
"""Independent IPNS record reference (verifier and maker) for namectl's interop tests.

Written from the IPNS Record spec (ipfs/specs src/ipns/ipns-record.md), not from namectl's code:
a hand-written protobuf parser, cbor2 for the DAG-CBOR `data`, PyNaCl for Ed25519.
Error codes are the stable strings namectl uses (Sources/NameRecord/RecordError.swift).

Commands (all print JSON on stdout):
  name   --seed HEX [--sha256-name]
  verify RECORD --name NAME                        -> {"valid","error","value",...}
  verify-batch LIST.json  ([{"file","name"}, ...]) -> [verdict, ...]
  create --seed HEX --value TEXT | --value-hex HEX --sequence N --validity RFC3339 --ttl N
         [--variant V] [--other-seed HEX] -o FILE   -> {"name","file","size","variant","expected"}
  suite  --seed HEX --other-seed HEX --out DIR     -> writes every variant + DIR/manifest.json
  variants                                         -> the variant table

Requires: python3 -m pip install pynacl cbor2
"""

import argparse
import base64
import hashlib
import io
import json
import os
import re
import sys
import time

import cbor2
import nacl.exceptions
import nacl.signing

MAX_RECORD_SIZE = 10 * 1024
SIG_V2_PREFIX = b"ipns-signature:"
LIBP2P_KEY_CODEC = 0x72
MH_IDENTITY = 0x00
MH_SHA2_256 = 0x12
KEY_TYPE_ED25519 = 1
HUNDRED_YEARS_NS = 3155760000000000000


class Invalid(Exception):
    """A verdict: the record (or name) is rejected with a namectl error code."""

    def __init__(self, code, reason=""):
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason


# ---------------------------------------------------------------------------------------------
# Protobuf (hand-written: varint and length-delimited fields, skip fixed32/fixed64)

def read_varint(buf, pos, max_bytes=10):
    result = 0
    shift = 0
    for i in range(max_bytes):
        if pos >= len(buf):
            raise ValueError("truncated varint")
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            if b == 0 and i > 0:
                raise ValueError("non-minimal varint")
            if result >= 1 << 64:
                raise ValueError("varint overflows 64 bits")
            return result, pos
        shift += 7
    raise ValueError("overlong varint")


def encode_varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def parse_protobuf(buf):
    """Returns a list of (field, wire_type, value) in wire order."""
    fields = []
    pos = 0
    while pos < len(buf):
        key, pos = read_varint(buf, pos)
        field, wire = key >> 3, key & 7
        if field == 0:
            raise ValueError("field number 0")
        if wire == 0:
            value, pos = read_varint(buf, pos)
        elif wire == 2:
            length, pos = read_varint(buf, pos)
            if length > len(buf) - pos:
                raise ValueError(f"field {field} runs past the end")
            value = bytes(buf[pos:pos + length])
            pos += length
        elif wire in (1, 5):
            width = 8 if wire == 1 else 4
            if len(buf) - pos < width:
                raise ValueError("truncated fixed field")
            value = None
            pos += width
        else:
            raise ValueError(f"unsupported wire type {wire}")
        fields.append((field, wire, value))
    return fields


def pb_bytes(field, value):
    return encode_varint(field << 3 | 2) + encode_varint(len(value)) + value


def pb_varint(field, value):
    return encode_varint(field << 3) + encode_varint(value)


# IpnsEntry field numbers and wire types.
ENTRY_FIELDS = {
    1: ("value", 2), 2: ("signatureV1", 2), 3: ("validityType", 0), 4: ("validity", 2),
    5: ("sequence", 0), 6: ("ttl", 0), 7: ("pubKey", 2), 8: ("signatureV2", 2), 9: ("data", 2),
}


def parse_entry(buf):
    try:
        fields = parse_protobuf(buf)
    except ValueError as e:
        raise Invalid("malformed_record", str(e))
    entry = {}
    for field, wire, value in fields:
        if field not in ENTRY_FIELDS:
            continue  # unknown fields are skipped (forward compatibility)
        name, expected_wire = ENTRY_FIELDS[field]
        if wire != expected_wire:
            raise Invalid("malformed_record", f"field {field} has wire type {wire}")
        if name in entry:
            raise Invalid("malformed_record", f"field {field} repeated")
        entry[name] = value
    return entry


def serialize_entry(entry):
    """Field-number order, as Go's protobuf (and namectl) writes it."""
    out = b""
    for number in sorted(ENTRY_FIELDS):
        name, wire = ENTRY_FIELDS[number]
        if name in entry and entry[name] is not None:
            out += pb_varint(number, entry[name]) if wire == 0 else pb_bytes(number, entry[name])
    return out + entry.get("_unknown", b"")


# ---------------------------------------------------------------------------------------------
# Multibase, CID, names

B36 = "0123456789abcdefghijklmnopqrstuvwxyz"
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def big_decode(text, alphabet):
    n = 0
    for c in text:
        i = alphabet.find(c)
        if i < 0:
            raise ValueError(f"character {c!r} not in alphabet")
        n = n * len(alphabet) + i
    zeros = len(text) - len(text.lstrip(alphabet[0]))
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\x00" * zeros + body


def big_encode(data, alphabet):
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, len(alphabet))
        out = alphabet[r] + out
    zeros = len(data) - len(data.lstrip(b"\x00"))
    return alphabet[0] * zeros + out


def public_key_protobuf(raw):
    return pb_varint(1, KEY_TYPE_ED25519) + pb_bytes(2, raw)


def parse_public_key_protobuf(buf):
    """libp2p PublicKey {1: Type, 2: Data} -> 32 raw Ed25519 bytes; raises ValueError."""
    fields = parse_protobuf(buf)
    seen = {}
    for field, wire, value in fields:
        if field not in (1, 2) or field in seen or wire != (0 if field == 1 else 2):
            raise ValueError(f"unexpected field {field} in PublicKey")
        seen[field] = value
    if 1 not in seen or 2 not in seen:
        raise ValueError("PublicKey lacks Type or Data")
    if seen[1] != KEY_TYPE_ED25519:
        raise UnsupportedKey(f"key type {seen[1]}")
    if len(seen[2]) != 32:
        raise ValueError("Ed25519 key must be 32 bytes")
    return seen[2]


class UnsupportedKey(ValueError):
    pass


def name_multihash(text):
    """Parses k51… (base36), b… (base32) CIDv1 libp2p-key names and base58btc peer IDs to a multihash."""
    if text.startswith(("12D3KooW", "Qm")):
        return big_decode(text, B58)
    if text.startswith("k"):
        cid = big_decode(text[1:], B36)
    elif text.startswith("b"):
        body = text[1:].upper()
        cid = base64.b32decode(body + "=" * (-len(body) % 8))
    else:
        raise ValueError("unsupported multibase prefix")
    version, pos = read_varint(cid, 0)
    codec, pos = read_varint(cid, pos)
    if version != 1 or codec != LIBP2P_KEY_CODEC:
        raise ValueError("not a CIDv1 libp2p-key")
    return cid[pos:]


def split_multihash(mh):
    code, pos = read_varint(mh, 0)
    length, pos = read_varint(mh, pos)
    if len(mh) - pos != length:
        raise ValueError("multihash length mismatch")
    return code, mh[pos:]


def name_for(raw_public_key, sha256=False):
    pb = public_key_protobuf(raw_public_key)
    if sha256:
        mh = bytes([MH_SHA2_256, 32]) + hashlib.sha256(pb).digest()
    else:
        mh = bytes([MH_IDENTITY, len(pb)]) + pb
    return "k" + big_encode(bytes([0x01, LIBP2P_KEY_CODEC]) + mh, B36)


# ---------------------------------------------------------------------------------------------
# RFC 3339 (1-9 fractional digits, Z or ±HH:MM), as nanoseconds since the epoch

RFC3339 = re.compile(rb"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$")


def days_from_civil(y, m, d):
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m - 3 if m > 2 else m + 9) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def parse_rfc3339_ns(raw):
    m = RFC3339.match(raw)
    if not m:
        return None
    y, mo, d, h, mi, s = (int(g) for g in m.groups()[:6])
    leap = (y % 4 == 0 and y % 100 != 0) or y % 400 == 0
    days_in = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    if not (1 <= mo <= 12 and 1 <= d <= days_in[mo - 1] and h < 24 and mi < 60 and s < 60):
        return None
    frac = (m.group(7) or b"").ljust(9, b"0")
    offset = 0
    tz = m.group(8)
    if tz != b"Z":
        oh, om = int(tz[1:3]), int(tz[4:6])
        if oh >= 24 or om >= 60:
            return None
        offset = (oh * 3600 + om * 60) * (-1 if tz[:1] == b"-" else 1)
    seconds = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset
    return seconds * 1_000_000_000 + int(frac)


def format_rfc3339(ns):
    seconds, nanos = divmod(ns, 1_000_000_000)
    t = time.gmtime(seconds)
    return time.strftime("%Y-%m-%dT%H:%M:%S", t) + f".{nanos:09d}Z"


# ---------------------------------------------------------------------------------------------
# Verification (the spec's reader rules, in namectl's check order)

CBOR_TYPES = {"Value": bytes, "Validity": bytes, "ValidityType": int, "Sequence": int, "TTL": int}


def decode_data(raw):
    stream = io.BytesIO(raw)
    try:
        data = cbor2.CBORDecoder(stream).decode()
    except Exception as e:  # cbor2 raises several types
        raise Invalid("invalid_data", f"CBOR: {e}")
    if stream.tell() != len(raw):
        raise Invalid("invalid_data", f"{len(raw) - stream.tell()} trailing bytes after the data map")
    if not isinstance(data, dict):
        raise Invalid("invalid_data", "data is not a map")
    for key, typ in CBOR_TYPES.items():
        v = data.get(key)
        if not isinstance(v, typ) or isinstance(v, bool) or (typ is int and v < 0):
            raise Invalid("invalid_data", f"data key {key} missing or not {typ.__name__}")
    return data


def verification_key(entry, name):
    try:
        code, digest = split_multihash(name_multihash(name))
    except ValueError as e:
        raise Invalid("invalid_name", str(e))
    carried = None
    if entry.get("pubKey"):
        try:
            carried = parse_public_key_protobuf(entry["pubKey"])
        except UnsupportedKey as e:
            raise Invalid("unsupported_key_type", str(e))
        except ValueError as e:
            raise Invalid("pubkey_invalid", str(e))
    if code == MH_IDENTITY:
        try:
            embedded = parse_public_key_protobuf(digest)
        except UnsupportedKey as e:
            raise Invalid("unsupported_key_type", str(e))
        except ValueError as e:
            raise Invalid("invalid_name", str(e))
        if carried is not None and carried != embedded:
            raise Invalid("pubkey_invalid", "pubKey differs from the key embedded in the name")
        return embedded
    if code == MH_SHA2_256:
        if carried is None:
            raise Invalid("public_key_missing", "name hashes its key and the record has no pubKey")
        if hashlib.sha256(entry["pubKey"]).digest() != digest:
            raise Invalid("key_mismatch", "pubKey does not hash to the name")
        return carried
    raise Invalid("invalid_name", f"unsupported multihash 0x{code:x}")


def verify(record, name, now_ns=None):
    now_ns = time.time_ns() if now_ns is None else now_ns
    if len(record) > MAX_RECORD_SIZE:
        raise Invalid("record_too_large", f"{len(record)} bytes")
    entry = parse_entry(record)
    if not entry.get("signatureV2"):
        raise Invalid("signature_v2_missing", "V1-only record")
    if not entry.get("data"):
        raise Invalid("data_missing", "no data field")
    data = decode_data(entry["data"])
    key = verification_key(entry, name)
    try:
        nacl.signing.VerifyKey(key).verify(SIG_V2_PREFIX + entry["data"], entry["signatureV2"])
    except (nacl.exceptions.BadSignatureError, ValueError) as e:
        raise Invalid("signature_v2_invalid", str(e))
    if "value" in entry or "signatureV1" in entry:
        pairs = [("value", "Value", b""), ("validity", "Validity", b""), ("validityType", "ValidityType", 0),
                 ("sequence", "Sequence", 0), ("ttl", "TTL", 0)]
        bad = [c for p, c, default in pairs if entry.get(p, default) != data[c]]
        if bad:
            raise Invalid("pb_cbor_mismatch", ", ".join(bad))
    if data["ValidityType"] != 0:
        raise Invalid("unsupported_validity_type", str(data["ValidityType"]))
    eol = parse_rfc3339_ns(data["Validity"])
    if eol is None:
        raise Invalid("invalid_validity", repr(data["Validity"]))
    if eol <= now_ns:
        raise Invalid("expired", format_rfc3339(eol))
    return entry, data, key


def signature_v1_valid(entry, key):
    sig = entry.get("signatureV1")
    if not sig:
        return False
    vt = entry.get("validityType", 0)
    message = entry.get("value", b"") + entry.get("validity", b"") + (b"EOL" if vt == 0 else str(vt).encode())
    try:
        nacl.signing.VerifyKey(key).verify(message, sig)
        return True
    except (nacl.exceptions.BadSignatureError, ValueError):
        return False


def verdict(record, name):
    out = {"valid": False, "error": None, "reason": None, "value": None, "valueHex": None,
           "sequence": None, "ttl": None, "validity": None, "signatureV1Valid": None,
           "hasSignatureV2": None, "size": len(record)}
    try:
        entry, data, key = verify(record, name)
    except Invalid as e:
        out["error"], out["reason"] = e.code, e.reason
        return out
    value = data["Value"]
    try:
        out["value"] = value.decode("utf-8")
    except UnicodeDecodeError:
        out["value"] = None
    out.update(valid=True, valueHex=value.hex(), sequence=data["Sequence"], ttl=data["TTL"],
               validity=data["Validity"].decode("ascii"), signatureV1Valid=signature_v1_valid(entry, key),
               hasSignatureV2=True)
    return out


# ---------------------------------------------------------------------------------------------
# Making records (good and deliberately bad)

def cbor_text(s):
    b = s.encode()
    return cbor_head(3, len(b)) + b


def cbor_head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    for info, width in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * width):
            return bytes([major << 5 | info]) + n.to_bytes(width, "big")
    raise ValueError("integer too large")


def cbor_map(items):
    """Encodes [(key, value)] in the given order (bytes -> byte string, int -> unsigned)."""
    out = cbor_head(5, len(items))
    for k, v in items:
        out += cbor_text(k)
        if isinstance(v, bytes):
            out += cbor_head(2, len(v)) + v
        elif isinstance(v, str):
            out += cbor_text(v)
        else:
            out += cbor_head(0, v)
    return out


CANONICAL_ORDER = ["TTL", "Value", "Sequence", "Validity", "ValidityType"]

# variant -> (expected error code or None, description)
VARIANTS = {
    "v1v2": (None, "V1+V2 signatures and legacy fields, as Kubo writes"),
    "v2_only": (None, "V2 only, no legacy value/signatureV1/fields"),
    "v2_only_stale_legacy": (None, "V2 only with stale legacy sequence/ttl (ignored without value/signatureV1)"),
    "noncanonical_cbor_order": (None, "data map keys in non-canonical order, signed as is"),
    "extra_cbor_key": (None, "data map with an extra signed key"),
    "binary_value": (None, "Value is non-UTF-8 bytes"),
    "max_ttl": (None, "TTL = 100 years (3155760000000000000 ns)"),
    "max_sequence": (None, "Sequence = 2^64-1"),
    "broken_signature_v1": (None, "V1 signature broken, V2 good"),
    "validity_offset": (None, "Validity with a +02:00 offset and 3 fractional digits"),
    "pubkey_matching": (None, "pubKey field equal to the key embedded in the name"),
    "sha256_name_with_pubkey": (None, "name is the sha2-256 peer ID; record carries the matching pubKey"),
    "unknown_protobuf_field": (None, "extra unknown protobuf field 15"),
    "size_10240": (None, "exactly 10240 bytes"),
    "record_too_large": ("record_too_large", "10241 bytes"),
    "malformed_truncated": ("malformed_record", "protobuf cut in the middle of a field"),
    "signature_v2_missing": ("signature_v2_missing", "V1-only record"),
    "data_missing": ("data_missing", "signatureV2 present, data absent"),
    "invalid_data_missing_key": ("invalid_data", "data map lacks TTL"),
    "invalid_data_wrong_type": ("invalid_data", "data Sequence is a text string"),
    "invalid_data_trailing_bytes": ("invalid_data", "a byte after the data map (signed)"),
    "signature_v2_invalid": ("signature_v2_invalid", "signatureV2 with one bit flipped"),
    "signature_v2_wrong_key": ("signature_v2_invalid", "signed by another key"),
    "signature_v2_no_prefix": ("signature_v2_invalid", "signatureV2 over data without the 'ipns-signature:' prefix"),
    "key_mismatch": ("key_mismatch", "sha2-256 name, pubKey of another key (signed by it)"),
    "pubkey_invalid": ("pubkey_invalid", "pubKey of another key than the one embedded in the name"),
    "pubkey_malformed": ("pubkey_invalid", "pubKey field is not a PublicKey protobuf"),
    "public_key_missing": ("public_key_missing", "sha2-256 name and no pubKey"),
    "pb_cbor_mismatch": ("pb_cbor_mismatch", "legacy value differs from the signed Value"),
    "pb_cbor_mismatch_sequence": ("pb_cbor_mismatch", "legacy sequence differs"),
    "pb_cbor_mismatch_ttl": ("pb_cbor_mismatch", "legacy ttl differs"),
    "pb_cbor_mismatch_v1sig_only": ("pb_cbor_mismatch", "signatureV1 without value: legacy fields compared"),
    "unsupported_validity_type": ("unsupported_validity_type", "ValidityType = 1"),
    "invalid_validity": ("invalid_validity", "Validity is not RFC 3339"),
    "expired": ("expired", "Validity in the past"),
}


def build(seed, value, sequence, validity, ttl, variant="v1v2", other_seed=None):
    """Returns (record bytes, name) for `variant`."""
    if variant not in VARIANTS:
        raise SystemExit(f"unknown variant {variant}")
    sk = nacl.signing.SigningKey(seed)
    other = nacl.signing.SigningKey(other_seed or hashlib.sha256(b"other" + seed).digest())
    pub = bytes(sk.verify_key)
    name = name_for(pub)
    signer = sk
    validity_type = 0
    if variant == "binary_value":
        value = bytes(range(256)) + b"\xff\xfe"
    elif variant == "max_ttl":
        ttl = HUNDRED_YEARS_NS
    elif variant == "max_sequence":
        sequence = (1 << 64) - 1
    elif variant == "validity_offset":
        eol = parse_rfc3339_ns(validity)
        s = (eol // 1_000_000_000) + 2 * 3600
        validity = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(s)).encode() + b".123+02:00"
    elif variant == "unsupported_validity_type":
        validity_type = 1
    elif variant == "invalid_validity":
        validity = b"2033-05-18 03:33:20Z"
    elif variant == "expired":
        validity = format_rfc3339(time.time_ns() - 3600 * 1_000_000_000).encode()
    elif variant == "signature_v2_wrong_key":
        signer = other
    elif variant == "key_mismatch":
        signer = other
        name = name_for(pub, sha256=True)
    elif variant in ("sha256_name_with_pubkey", "public_key_missing"):
        name = name_for(pub, sha256=True)

    fields = {"TTL": ttl, "Value": value, "Sequence": sequence, "Validity": validity, "ValidityType": validity_type}
    order = list(CANONICAL_ORDER)
    if variant == "noncanonical_cbor_order":
        order = ["Value", "Validity", "ValidityType", "Sequence", "TTL"]
    items = [(k, fields[k]) for k in order]
    if variant == "extra_cbor_key":
        items.append(("Comment", b"extra keys are covered by the signature"))
        items.sort(key=lambda kv: (len(kv[0]), kv[0].encode()))
    elif variant == "invalid_data_missing_key":
        items = [kv for kv in items if kv[0] != "TTL"]
    elif variant == "invalid_data_wrong_type":
        items = [(k, str(v) if k == "Sequence" else v) for k, v in items]
    data = cbor_map(items)
    if variant == "invalid_data_trailing_bytes":
        data += b"\x00"
    message = data if variant == "signature_v2_no_prefix" else SIG_V2_PREFIX + data
    sig_v2 = signer.sign(message).signature
    if variant == "signature_v2_invalid":
        sig_v2 = bytes([sig_v2[0] ^ 0x01]) + sig_v2[1:]
    vt_name = b"EOL" if validity_type == 0 else str(validity_type).encode()
    sig_v1 = signer.sign(value + validity + vt_name).signature
    if variant == "broken_signature_v1":
        sig_v1 = bytes([sig_v1[0] ^ 0x01]) + sig_v1[1:]

    entry = {"value": value, "signatureV1": sig_v1, "validityType": validity_type, "validity": validity,
             "sequence": sequence, "ttl": ttl, "signatureV2": sig_v2, "data": data}
    if variant in ("v2_only", "v2_only_stale_legacy", "size_10240", "record_too_large"):
        for k in ("value", "signatureV1", "validityType", "validity", "sequence", "ttl"):
            del entry[k]
        if variant == "v2_only_stale_legacy":
            entry.update(sequence=sequence + 7, ttl=ttl + 1)
    if variant == "signature_v2_missing":
        del entry["signatureV2"], entry["data"]
    elif variant == "data_missing":
        del entry["data"]
    elif variant == "pubkey_matching":
        entry["pubKey"] = public_key_protobuf(pub)
    elif variant in ("sha256_name_with_pubkey",):
        entry["pubKey"] = public_key_protobuf(pub)
    elif variant in ("key_mismatch", "pubkey_invalid"):
        entry["pubKey"] = public_key_protobuf(bytes(other.verify_key))
    elif variant == "pubkey_malformed":
        entry["pubKey"] = b"\x08\x01\x12\x05short"
    elif variant == "pb_cbor_mismatch":
        entry["value"] = value + b"-tampered"
    elif variant == "pb_cbor_mismatch_sequence":
        entry["sequence"] = sequence + 1
    elif variant == "pb_cbor_mismatch_ttl":
        entry["ttl"] = ttl + 1
    elif variant == "pb_cbor_mismatch_v1sig_only":
        del entry["value"]
    elif variant == "unknown_protobuf_field":
        entry["_unknown"] = pb_bytes(15, b"future field")

    if variant in ("size_10240", "record_too_large"):
        target = MAX_RECORD_SIZE + (variant == "record_too_large")
        pad = max(0, target - len(serialize_entry(entry)) - 16)  # headers grow with the value
        for _ in range(64):  # grow the signed Value until the record is exactly `target` bytes
            padded = value + b"x" * pad
            items = [(k, padded if k == "Value" else fields[k]) for k in CANONICAL_ORDER]
            entry["data"] = cbor_map(items)
            entry["signatureV2"] = signer.sign(SIG_V2_PREFIX + entry["data"]).signature
            size = len(serialize_entry(entry))
            if size == target:
                break
            pad += target - size
        else:
            raise RuntimeError(f"cannot reach exactly {target} bytes")
    record = serialize_entry(entry)
    if variant == "malformed_truncated":
        record = record[:-10]
    return record, name


# ---------------------------------------------------------------------------------------------
# CLI

def cmd_name(args):
    sk = nacl.signing.SigningKey(bytes.fromhex(args.seed))
    print(json.dumps({"name": name_for(bytes(sk.verify_key), sha256=args.sha256_name)}))


def cmd_verify(args):
    with open(args.record, "rb") as f:
        v = verdict(f.read(), args.name)
    print(json.dumps(v))
    return 0 if v["valid"] else 1


def cmd_verify_batch(args):
    with open(args.list) as f:
        items = json.load(f)
    out = []
    for item in items:
        with open(item["file"], "rb") as f:
            out.append(verdict(f.read(), item["name"]))
    print(json.dumps(out))


def value_arg(args):
    return bytes.fromhex(args.value_hex) if args.value_hex is not None else args.value.encode()


def cmd_create(args):
    record, name = build(bytes.fromhex(args.seed), value_arg(args), args.sequence, args.validity.encode(),
                         args.ttl, args.variant, bytes.fromhex(args.other_seed) if args.other_seed else None)
    with open(args.output, "wb") as f:
        f.write(record)
    print(json.dumps({"name": name, "file": args.output, "size": len(record), "variant": args.variant,
                      "expected": VARIANTS[args.variant][0]}))


def cmd_suite(args):
    os.makedirs(args.out, exist_ok=True)
    seed, other = bytes.fromhex(args.seed), bytes.fromhex(args.other_seed)
    validity = format_rfc3339(time.time_ns() + 48 * 3600 * 1_000_000_000).encode()
    manifest, failures = [], []
    for variant, (expected, description) in VARIANTS.items():
        record, name = build(seed, args.value.encode(), args.sequence, validity, args.ttl, variant, other)
        path = os.path.join(args.out, variant + ".ipns-record")
        with open(path, "wb") as f:
            f.write(record)
        v = verdict(record, name)
        if v["error"] != expected:
            failures.append(f"{variant}: expected {expected}, reference says {v['error']} ({v['reason']})")
        manifest.append({"variant": variant, "description": description, "file": path, "name": name,
                         "expectedError": expected, "reference": v})
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print(json.dumps({"manifest": os.path.join(args.out, "manifest.json"), "count": len(manifest),
                      "failures": failures}))
    return 1 if failures else 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("name")
    s.add_argument("--seed", required=True)
    s.add_argument("--sha256-name", action="store_true")
    s.set_defaults(func=cmd_name)
    s = sub.add_parser("verify")
    s.add_argument("record")
    s.add_argument("--name", required=True)
    s.set_defaults(func=cmd_verify)
    s = sub.add_parser("verify-batch")
    s.add_argument("list")
    s.set_defaults(func=cmd_verify_batch)
    s = sub.add_parser("create")
    s.add_argument("--seed", required=True)
    s.add_argument("--other-seed")
    g = s.add_mutually_exclusive_group(required=True)
    g.add_argument("--value")
    g.add_argument("--value-hex")
    s.add_argument("--sequence", type=int, default=0)
    s.add_argument("--validity", default=None)
    s.add_argument("--ttl", type=int, default=3600 * 1_000_000_000)
    s.add_argument("--variant", default="v1v2", choices=sorted(VARIANTS))
    s.add_argument("-o", "--output", required=True)
    s.set_defaults(func=cmd_create)
    s = sub.add_parser("suite")
    s.add_argument("--seed", required=True)
    s.add_argument("--other-seed", required=True)
    s.add_argument("--value", default="/ipfs/bafkqaddwgevxmmraojswg33smq")
    s.add_argument("--sequence", type=int, default=3)
    s.add_argument("--ttl", type=int, default=3600 * 1_000_000_000)
    s.add_argument("--out", required=True)
    s.set_defaults(func=cmd_suite)
    s = sub.add_parser("variants")
    s.set_defaults(func=lambda a: print(json.dumps({k: {"expectedError": v[0], "description": v[1]}
                                                    for k, v in VARIANTS.items()}, indent=1)))
    args = p.parse_args()
    if getattr(args, "validity", 0) is None:
        args.validity = format_rfc3339(time.time_ns() + 48 * 3600 * 1_000_000_000)
    sys.exit(args.func(args) or 0)


if __name__ == "__main__":
    main()
