"""Shared by the py-libp2p test helpers: a TCP + Noise + yamux host on 127.0.0.1 with an Ed25519
identity, and the JSON-lines loop that drives it (one command per stdin line, one answer per line;
the loop ends when stdin closes or on {"cmd": "quit"})."""
import json
import sys

import multiaddr
import trio

from libp2p import create_yamux_muxer_option, new_host
from libp2p.crypto.ed25519 import create_new_key_pair
from libp2p.crypto.x25519 import create_new_key_pair as create_x25519
from libp2p.security.noise.transport import PROTOCOL_ID as NOISE_ID, Transport as NoiseTransport

LISTEN = [multiaddr.Multiaddr("/ip4/127.0.0.1/tcp/0")]


def emit(obj):
    print(json.dumps(obj), flush=True)


def make_host():
    """A host that speaks Noise and yamux only (what Kubo and namectl speak)."""
    key_pair = create_new_key_pair()
    return new_host(
        key_pair=key_pair,
        sec_opt={NOISE_ID: NoiseTransport(key_pair, noise_privkey=create_x25519().private_key)},
        muxer_opt=create_yamux_muxer_option(),
    )


async def serve_commands(host, handle, on_error):
    """Answers each stdin command with `await handle(host, command)`; a failure becomes `on_error(error)`."""
    stdin = trio.wrap_file(sys.stdin)
    while True:
        line = await stdin.readline()
        if not line:
            break
        command = json.loads(line)
        if command.get("cmd") == "quit":
            break
        try:
            emit(await handle(host, command))
        except BaseException as error:  # report, keep serving
            emit(on_error(error))
