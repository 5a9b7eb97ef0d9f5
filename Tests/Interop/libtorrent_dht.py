#!/usr/bin/python3
"""A private loopback Mainline DHT of libtorrent sessions, driven by JSON lines on stdin/stdout.

Started (and killed) by NameDHTTests' libtorrent interop tests:

    /usr/bin/python3 Tests/Interop/libtorrent_dht.py --sessions 8

Prints {"ready": true, "ports": [...]} once every session has DHT neighbours, then answers one JSON
line per command line:

    {"cmd": "get", "pk": hex, "salt": "ipns", "session": i}
        -> {"found": bool, "v": hex(bencoded value), "seq": n, "sig": hex, "authoritative": bool,
            "ms": milliseconds until this (authoritative when possible) result, "first_ms": until the first}
    {"cmd": "put", "seed": hex32, "salt": "ipns", "data": hex, "session": i}
        -> {"seq": n, "success": count}   (libtorrent signs with seq = highest found + 1)
    {"cmd": "add_node", "port": p}      -> {"ok": true}   (every session learns 127.0.0.1:p)
    {"cmd": "quit"}

Needs Debian's python3-libtorrent (2.0.x); the process exits when stdin closes, so a dying test
never leaves it behind.
"""
import argparse
import hashlib
import json
import sys
import time
import warnings

import libtorrent as lt
import nacl.signing

warnings.simplefilter("ignore", DeprecationWarning)


def expanded_secret(seed):
    """libtorrent's 64-byte Ed25519 secret: clamped SHA-512 of the seed (not libsodium's seed||pk)."""
    h = bytearray(hashlib.sha512(seed).digest())
    h[0] &= 248
    h[31] &= 63
    h[31] |= 64
    return bytes(h)


def make_session():
    settings = {
        "listen_interfaces": "127.0.0.1:0",
        "dht_bootstrap_nodes": "",
        "enable_dht": True,
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        "dht_restrict_routing_ips": False,
        "dht_restrict_search_ips": False,
        # Every peer here shares 127.0.0.1: libtorrent's per-IP abuse block (5 packets/s, then banned for
        # 5 minutes) and its 8 KB/s DHT upload cap would otherwise throttle the whole loopback network.
        "dht_block_ratelimit": 1000000,
        "dht_upload_rate_limit": 100000000,
        "alert_mask": lt.alert.category_t.dht_notification | lt.alert.category_t.dht_operation_notification
        | lt.alert.category_t.error_notification,
    }
    return lt.session(settings)


def snapshot(a):
    """Copies what we need out of an alert: libtorrent frees alerts at the next pop_alerts()."""
    if isinstance(a, lt.dht_mutable_item_alert):
        item = a.item
        # Debian's binding returns the whole alert as a dict with the value under "value".
        value = item["value"] if isinstance(item, dict) and "value" in item else item
        return {"key": bytes(a.key), "v": lt.bencode(value).hex(), "seq": a.seq, "sig": bytes(a.signature).hex(),
                "authoritative": a.authoritative, "salt": a.salt if isinstance(a.salt, str) else bytes(a.salt).decode("latin-1")}
    if isinstance(a, lt.dht_put_alert):
        return {"key": bytes(a.public_key), "seq": a.seq, "success": a.num_success, "authoritative": True}
    return None


def wait_alert(session, kind, key, timeout):
    """The first authoritative alert of `kind` for `key` (or the last non-authoritative one at the
    deadline), as a dict, and the milliseconds until it arrived."""
    start = time.perf_counter()
    deadline = time.time() + timeout
    best = None
    first_ms = None
    while time.time() < deadline:
        session.wait_for_alert(5)
        for a in session.pop_alerts():
            if isinstance(a, kind):
                snap = snapshot(a)
                if snap["key"] != key:
                    continue
                snap["ms"] = (time.perf_counter() - start) * 1000
                first_ms = snap["ms"] if first_ms is None else first_ms
                snap["first_ms"] = first_ms
                if snap["authoritative"]:
                    return snap
                best = snap
    return best


def die_with_parent():
    """Linux: get SIGTERM when the test process that started us dies, whatever way it dies."""
    try:
        import ctypes
        import signal
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def main():
    die_with_parent()
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=8)
    args = parser.parse_args()
    sessions = [make_session() for _ in range(args.sessions)]
    ports = [s.listen_port() for s in sessions]
    for s in sessions:
        for p in ports:
            if p != s.listen_port():
                s.add_dht_node(("127.0.0.1", p))
    deadline = time.time() + 20
    while time.time() < deadline and min(s.status().dht_nodes for s in sessions) < min(3, len(sessions) - 1):
        time.sleep(0.1)
    print(json.dumps({"ready": True, "ports": ports, "nodes": [s.status().dht_nodes for s in sessions]}), flush=True)

    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        cmd = json.loads(line)
        op = cmd.get("cmd")
        if op == "quit":
            break
        s = sessions[cmd.get("session", 0) % len(sessions)]
        if op == "get":
            pk = bytes.fromhex(cmd["pk"])
            s.dht_get_mutable_item(pk, cmd.get("salt", "").encode())
            a = wait_alert(s, lt.dht_mutable_item_alert, pk, cmd.get("timeout", 15))
            if a is None or not a["sig"].strip("0"):
                out = {"found": False, "alert": a is not None}
            else:
                del a["key"]
                out = dict(a, found=True)
        elif op == "put":
            seed = bytes.fromhex(cmd["seed"])
            pk = bytes(nacl.signing.SigningKey(seed).verify_key)
            s.dht_put_mutable_item(expanded_secret(seed), pk, bytes.fromhex(cmd["data"]), cmd.get("salt", "").encode())
            a = wait_alert(s, lt.dht_put_alert, pk, cmd.get("timeout", 15))
            out = {"seq": a["seq"], "success": a["success"]} if a else {"error": "no dht_put_alert"}
        elif op == "add_node":
            for t in sessions:
                t.add_dht_node(("127.0.0.1", int(cmd["port"])))
            out = {"ok": True}
        else:
            out = {"error": "unknown command %r" % op}
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
