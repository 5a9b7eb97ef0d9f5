#!/usr/bin/env python3
"""A py-libp2p host (Noise + yamux over TCP on 127.0.0.1) for the Libp2p interop tests.

Started (and killed) by Libp2pTests:

    python3 Tests/Interop/py_libp2p_peer.py

It serves the request/response protocol /namectl/test/echo/1.0.0 (read one uvarint-prefixed
message, answer "echo:" + message, close) and prints

    {"ready": true, "id": "12D3Koo…", "addrs": ["/ip4/127.0.0.1/tcp/P/p2p/12D3Koo…"]}

Then one JSON command per stdin line, one JSON answer line each:

    {"cmd": "dial", "addr": "/ip4/127.0.0.1/tcp/P/p2p/<namectl peer>", "message": "text"}
        -> {"ok": true, "reply": "<what namectl's echo handler answered>", "peer": "<id proven in Noise>"}
           or {"ok": false, "error": "..."}
    {"cmd": "quit"}

The process exits when stdin closes, so a dying test never leaves it behind.
"""
import os
import sys

import multiaddr
import trio

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pylibp2p_host import LISTEN, emit, make_host, serve_commands  # noqa: E402

from libp2p.custom_types import TProtocol  # noqa: E402
from libp2p.peer.peerinfo import info_from_p2p_addr  # noqa: E402
from libp2p.utils.varint import encode_varint_prefixed, read_varint_prefixed_bytes  # noqa: E402

ECHO = TProtocol("/namectl/test/echo/1.0.0")


async def echo_handler(stream):
    try:
        message = await read_varint_prefixed_bytes(stream)
        await stream.write(encode_varint_prefixed(b"echo:" + message))
        await stream.close()
    except Exception as error:  # a failing test peer reports on stderr and resets
        print(f"echo handler: {error!r}", file=sys.stderr, flush=True)
        await stream.reset()


async def dial(host, command):
    info = info_from_p2p_addr(multiaddr.Multiaddr(command["addr"]))
    with trio.fail_after(20):
        await host.connect(info)
        stream = await host.new_stream(info.peer_id, [ECHO])
        await stream.write(encode_varint_prefixed(command["message"].encode()))
        reply = await read_varint_prefixed_bytes(stream)
        await stream.close()
    return {"ok": True, "reply": reply.decode(), "peer": str(info.peer_id)}


async def main():
    host = make_host()
    host.set_stream_handler(ECHO, echo_handler)
    async with host.run(listen_addrs=LISTEN):
        peer_id = host.get_id().pretty()
        addrs = [str(a) for a in host.get_addrs()]
        addrs = [a if "/p2p/" in a else f"{a}/p2p/{peer_id}" for a in addrs]
        emit({"ready": True, "id": peer_id, "addrs": addrs})
        await serve_commands(host, dial, lambda error: {"ok": False, "error": repr(error)})


if __name__ == "__main__":
    trio.run(main)
