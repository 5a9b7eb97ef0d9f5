#!/usr/bin/env python3
"""Independent private-name reference for namectl's tests.

Written from RFC 9498 (GNS) section 5.1.2 (EDKEY key blinding) and BIP 350 (Bech32m), and from the
layout namectl documents in its README ("Private names"), not from namectl's code: Python integers
for scalar arithmetic, PyNaCl's low-level bindings for curve points (crypto_scalarmult_ed25519_noclamp,
crypto_scalarmult_ed25519_base_noclamp) and XChaCha20-Poly1305, and ipns_reference.py for the
IPNS record itself.

Usage: private_names.py batch REQUESTS.json   (a JSON list of requests; prints a JSON list of answers)
Requests ("op" and its fields; bytes are hex):
  derive  seed label [context]            -> ownerKey blindedKey blindedName scalarBE address
  sign    seed label message [context]    -> signature
  open    address record                  -> valid error reason blindedName value
  create  seed label value sequence validity ttl file  -> address blindedName size
  parse   address                         -> ownerKey label | error

Requires: python3 -m pip install pynacl cbor2
"""

import hashlib
import hmac
import json
import os
import sys
import unicodedata

import nacl.bindings as sodium

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ipns_reference as ipns  # noqa: E402

L = 2**252 + 27742317777372353535851937790883648493
CONTEXT = "ipns"
ADDRESS_PREFIX = "ipnspriv"
PAD = 64


def hkdf(salt, ikm, info, length):
    """RFC 5869 with HMAC-SHA-512 extraction and HMAC-SHA-256 expansion, as RFC 9498 uses it."""
    prk = hmac.new(salt, ikm, hashlib.sha512).digest()
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        out += block
        counter += 1
    return out[:length]


def normalise(label):
    label = unicodedata.normalize("NFC", label)
    raw = label.encode()
    if not 1 <= len(raw) <= 63 or any(unicodedata.category(c) == "Cc" for c in label):
        raise ValueError("invalid label")
    return raw


def factor(public_key, label, context):
    wide = hkdf(b"key-derivation", public_key, label + context.encode(), 64)
    return wide, int.from_bytes(wide, "big") % L


def blind_public(public_key, label, context=CONTEXT):
    _, h = factor(public_key, label, context)
    return sodium.crypto_scalarmult_ed25519_noclamp(h.to_bytes(32, "little"), public_key)


class BlindedSigner:
    def __init__(self, seed, label, context=CONTEXT):
        self.owner = sodium.crypto_sign_seed_keypair(seed)[0]
        wide, h = factor(self.owner, label, context)
        expanded = hashlib.sha512(seed).digest()
        a = bytearray(expanded[:32])
        a[0] &= 248
        a[31] &= 127
        a[31] |= 64
        self.scalar = h * int.from_bytes(a, "little") % L
        self.nonce = hashlib.sha256(expanded[32:] + wide).digest()
        self.public = sodium.crypto_scalarmult_ed25519_base_noclamp(self.scalar.to_bytes(32, "little"))

    def sign(self, message):
        r = int.from_bytes(hashlib.sha512(self.nonce + message).digest(), "little") % L
        big_r = sodium.crypto_scalarmult_ed25519_base_noclamp(r.to_bytes(32, "little"))
        k = int.from_bytes(hashlib.sha512(big_r + self.public + message).digest(), "little") % L
        return big_r + ((r + k * self.scalar) % L).to_bytes(32, "little")


def value_key(owner, label):
    return hkdf(b"ipns-xchacha-ctx-key", owner, label, 32)


def seal(value, owner, label, blinded):
    padded = -(-(len(value) + 2) // PAD) * PAD
    plain = b"\x01" + value + b"\x80"
    plain += b"\x00" * (padded - len(plain))
    nonce = os.urandom(24)
    return nonce + sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plain, blinded, nonce, value_key(owner, label))


def unseal(sealed, owner, label, blinded):
    try:
        plain = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(sealed[24:], blinded, sealed[:24], value_key(owner, label))
    except Exception:
        raise ipns.Invalid("decryption_failed", "does not decrypt")
    body = plain.rstrip(b"\x00")
    if plain[:1] != b"\x01" or len(body) < 2 or body[-1:] != b"\x80":
        raise ipns.Invalid("malformed_private_value", "bad layout")
    return body[1:-1]


# Bech32m (BIP 350)
CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
GEN = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]


def polymod(values):
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= GEN[i] if (top >> i) & 1 else 0
    return chk


def hrp_expand(hrp):
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def to_groups(data, frm, to, pad):
    acc = bits = 0
    out = []
    for v in data:
        acc = acc << frm | v
        bits += frm
        while bits >= to:
            bits -= to
            out.append(acc >> bits & ((1 << to) - 1))
    if pad and bits:
        out.append(acc << (to - bits) & ((1 << to) - 1))
    elif not pad and (bits >= frm or acc << (to - bits) & ((1 << to) - 1)):
        raise ValueError("bad padding")
    return out


def address_for(owner, label):
    data = to_groups(b"\x00" + owner + label, 8, 5, True)
    mod = polymod(hrp_expand(ADDRESS_PREFIX) + data + [0] * 6) ^ 0x2BC830A3
    check = [(mod >> 5 * (5 - i)) & 31 for i in range(6)]
    return ADDRESS_PREFIX + "1" + "".join(CHARSET[d] for d in data + check)


def parse_address(text):
    if text.lower() != text and text.upper() != text:
        raise ValueError("mixed case")
    text = text.lower()
    hrp, sep, rest = text.rpartition("1")
    if not sep or hrp != ADDRESS_PREFIX or any(c not in CHARSET for c in rest) or len(rest) < 6:
        raise ValueError("not an address")
    data = [CHARSET.index(c) for c in rest]
    if polymod(hrp_expand(hrp) + data) != 0x2BC830A3:
        raise ValueError("checksum")
    raw = bytes(to_groups(data[:-6], 5, 8, False))
    if raw[:1] != b"\x00" or len(raw) < 34:
        raise ValueError("layout")
    label = raw[33:]
    if normalise(label.decode()) != label:
        raise ValueError("label not NFC")
    return raw[1:33], label


def make_record(signer, value, sequence, validity, ttl):
    fields = {"TTL": ttl, "Value": value, "Sequence": sequence, "Validity": validity, "ValidityType": 0}
    data = ipns.cbor_map([(k, fields[k]) for k in ipns.CANONICAL_ORDER])
    entry = {"value": value, "signatureV1": signer.sign(value + validity + b"EOL"), "validityType": 0,
             "validity": validity, "sequence": sequence, "ttl": ttl,
             "signatureV2": signer.sign(ipns.SIG_V2_PREFIX + data), "data": data}
    return ipns.serialize_entry(entry)


def answer(req):
    op = req["op"]
    context = req.get("context", CONTEXT)
    if op == "derive":
        seed = bytes.fromhex(req["seed"])
        label = normalise(req["label"])
        signer = BlindedSigner(seed, label, context)
        assert blind_public(signer.owner, label, context) == signer.public
        return {"ownerKey": signer.owner.hex(), "blindedKey": signer.public.hex(),
                "blindedName": ipns.name_for(signer.public), "scalarBE": signer.scalar.to_bytes(32, "big").hex(),
                "address": address_for(signer.owner, label)}
    if op == "sign":
        signer = BlindedSigner(bytes.fromhex(req["seed"]), normalise(req["label"]), context)
        return {"signature": signer.sign(bytes.fromhex(req["message"])).hex()}
    if op == "open":
        owner, label = parse_address(req["address"])
        blinded = blind_public(owner, label)
        name = ipns.name_for(blinded)
        with open(req["record"], "rb") as f:
            record = f.read()
        try:
            _, data, _ = ipns.verify(record, name)
            value = unseal(data["Value"], owner, label, blinded)
        except ipns.Invalid as e:
            return {"valid": False, "error": e.code, "reason": e.reason, "blindedName": name}
        return {"valid": True, "error": None, "blindedName": name, "value": value.hex()}
    if op == "create":
        seed = bytes.fromhex(req["seed"])
        label = normalise(req["label"])
        signer = BlindedSigner(seed, label)
        sealed = seal(bytes.fromhex(req["value"]), signer.owner, label, signer.public)
        record = make_record(signer, sealed, req["sequence"], req["validity"].encode(), req["ttl"])
        with open(req["file"], "wb") as f:
            f.write(record)
        return {"address": address_for(signer.owner, label), "blindedName": ipns.name_for(signer.public), "size": len(record)}
    if op == "parse":
        try:
            owner, label = parse_address(req["address"])
        except (ValueError, UnicodeDecodeError) as e:
            return {"error": str(e)}
        return {"ownerKey": owner.hex(), "label": label.decode()}
    raise SystemExit(f"unknown op {op}")


def main():
    if len(sys.argv) != 3 or sys.argv[1] != "batch":
        raise SystemExit(__doc__)
    with open(sys.argv[2]) as f:
        requests = json.load(f)
    print(json.dumps([answer(r) for r in requests]))


if __name__ == "__main__":
    main()
