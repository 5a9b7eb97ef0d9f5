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
    {"cmd": "get_many", "pks": [hex, ...], "salt": "ipns", "timeout": s}
        -> {"results": [{"pk": hex, "found": bool, "seq": n, "authoritative": bool,
                         "ms": until the authoritative alert (else the last one), "first_ms": until the first}]}
           All gets start at once, key i on live session i; each is timed from its own
           dht_get_mutable_item call to the dht_mutable_item_alert with authoritative=True.
    {"cmd": "fresh_get", "pk": hex, "salt": "ipns", "bootstrap": [port, ...], "timeout": s}
        -> {"found": bool, "seq": n, "ms": milliseconds from creating a new session (bootstrap
            hosts as its dht_bootstrap_nodes, like a user's fresh client) to its first alert carrying
            the value, asking again every 500 ms}. The session is destroyed afterwards: its address stays behind, dead.
    {"cmd": "churn", "leave": n, "join": m, "keep": r, "seed": s}
        -> {"left": [ports], "joined": [ports], "ports": [live ports]}
           Members leave and join as in a real swarm: n sessions other than the first r (the stable
           "routers") are destroyed (chosen with random.Random(s), their addresses stay in others'
           tables, dead), and m new sessions join, bootstrapping from three live ones.
    {"cmd": "kill_doomed"}              -> {"dead_ports": [...], "closed": bool}
           Shuts the --doomed sessions down: their UDP ports close, but the other sessions'
           routing tables (and anyone they told) still list them, as after real churn.
    {"cmd": "quit"}

With --doomed D, D extra sessions join the network (listed as "doomed_ports" in the ready line) so
that everyone learns them, until kill_doomed.

Needs Debian's python3-libtorrent (2.0.x); the process exits when stdin closes, so a dying test
never leaves it behind.
"""
import argparse
import gc
import hashlib
import json
import random
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


def make_session(bootstrap=""):
    settings = {
        "listen_interfaces": "127.0.0.1:0",
        "dht_bootstrap_nodes": bootstrap,
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
        try:
            item = a.item
            # Debian's binding returns the whole alert as a dict with the value under "value".
            value = item["value"] if isinstance(item, dict) and "value" in item else item
            v = lt.bencode(value).hex()
        except RuntimeError:  # nothing found: an empty entry the binding cannot convert
            v = ""
        return {"key": bytes(a.key), "v": v, "seq": a.seq, "sig": bytes(a.signature).hex(),
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


def get_many(sessions, pks, salt, timeout):
    """Starts one get per key at once (key i on session i) and times each to its authoritative alert."""
    results = {}
    by_session = {}
    for i, pk in enumerate(pks):
        s = sessions[i % len(sessions)]
        results[pk] = {"pk": pk.hex(), "found": False, "authoritative": False}
        by_session.setdefault(id(s), (s, set()))[1].add(pk)
    starts = {}
    for i, pk in enumerate(pks):
        starts[pk] = time.perf_counter()
        sessions[i % len(sessions)].dht_get_mutable_item(pk, salt)
    pending = set(pks)
    deadline = time.time() + timeout
    while pending and time.time() < deadline:
        got = False
        for s, keys in by_session.values():
            for a in s.pop_alerts():
                if not isinstance(a, lt.dht_mutable_item_alert):
                    continue
                now = time.perf_counter()
                snap = snapshot(a)
                pk = snap["key"]
                if pk not in keys or pk not in pending:
                    continue
                got = True
                ms = (now - starts[pk]) * 1000
                r = results[pk]
                r.setdefault("first_ms", ms)
                r["ms"] = ms
                if snap["v"] and snap["sig"].strip("0"):
                    r.update(found=True, seq=snap["seq"], v=snap["v"], sig=snap["sig"])
                if snap["authoritative"]:
                    r["authoritative"] = True
                    pending.discard(pk)
        if not got:
            time.sleep(0.0002)
    return [results[pk] for pk in pks]


def fresh_get(pk, salt, bootstrap, timeout):
    """A new session that knows only `bootstrap`: time from its creation to the first alert with the value.
    A get issued before the session has a routing table can end empty or stall on dead nodes, so a new
    get is issued every 500 ms (as a client would retry) until one yields the value."""
    start = time.perf_counter()
    s = make_session(",".join("127.0.0.1:%d" % p for p in bootstrap))
    deadline = time.time() + timeout
    out = {"found": False}
    s.dht_get_mutable_item(pk, salt)
    asked = time.time()
    while time.time() < deadline and not out["found"]:
        s.wait_for_alert(5)
        if time.time() - asked > 0.5:
            s.dht_get_mutable_item(pk, salt)
            asked = time.time()
        for a in s.pop_alerts():
            if not isinstance(a, lt.dht_mutable_item_alert):
                continue
            snap = snapshot(a)
            if snap["key"] != pk:
                continue
            if snap["v"] and snap["sig"].strip("0"):
                out = {"found": True, "seq": snap["seq"], "ms": (time.perf_counter() - start) * 1000}
                break
    s.pause()
    del s
    return out


def churn(sessions, leave, join, keep, seed):
    """Destroys `leave` sessions beyond the first `keep` and starts `join` new ones; returns the ports."""
    rng = random.Random(seed)
    leavers = rng.sample(range(keep, len(sessions)), min(leave, max(0, len(sessions) - keep)))
    left = [sessions[i].listen_port() for i in leavers]
    for i in sorted(leavers, reverse=True):
        del sessions[i]
    gc.collect()
    live = [s.listen_port() for s in sessions]
    joined = []
    for _ in range(join):
        hosts = rng.sample(live, min(3, len(live)))
        s = make_session(",".join("127.0.0.1:%d" % p for p in hosts))
        for p in hosts:
            s.add_dht_node(("127.0.0.1", p))
        sessions.append(s)
        joined.append(s.listen_port())
    return {"left": left, "joined": joined, "ports": [s.listen_port() for s in sessions]}


def port_is_closed(port):
    import socket
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        u.close()


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
    parser.add_argument("--doomed", type=int, default=0)
    args = parser.parse_args()
    everyone = [make_session() for _ in range(args.sessions + args.doomed)]
    all_ports = [s.listen_port() for s in everyone]
    for s in everyone:
        for p in all_ports:
            if p != s.listen_port():
                s.add_dht_node(("127.0.0.1", p))
    deadline = time.time() + 20
    want = min(3, len(everyone) - 1) if args.doomed == 0 else min(len(everyone) // 2, 16)
    while time.time() < deadline and min(s.status().dht_nodes for s in everyone) < want:
        time.sleep(0.1)
    sessions, doomed = everyone[:args.sessions], everyone[args.sessions:]
    del everyone
    ports = [s.listen_port() for s in sessions]
    ready = {"ready": True, "ports": ports, "nodes": [s.status().dht_nodes for s in sessions]}
    if doomed:
        ready["doomed_ports"] = [s.listen_port() for s in doomed]
    print(json.dumps(ready), flush=True)

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
        elif op == "get_many":
            pks = [bytes.fromhex(h) for h in cmd["pks"]]
            out = {"results": get_many(sessions, pks, cmd.get("salt", "").encode(), cmd.get("timeout", 30))}
        elif op == "fresh_get":
            out = fresh_get(bytes.fromhex(cmd["pk"]), cmd.get("salt", "").encode(), cmd["bootstrap"], cmd.get("timeout", 15))
        elif op == "churn":
            out = churn(sessions, cmd.get("leave", 0), cmd.get("join", 0), cmd.get("keep", 3), cmd.get("seed", 0))
        elif op == "kill_doomed":
            dead = [d.listen_port() for d in doomed]
            doomed.clear()
            gc.collect()
            out = {"dead_ports": dead, "closed": all(port_is_closed(p) for p in dead)}
        elif op == "add_node":
            for t in sessions:
                t.add_dht_node(("127.0.0.1", int(cmd["port"])))
            out = {"ok": True}
        else:
            out = {"error": "unknown command %r" % op}
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
