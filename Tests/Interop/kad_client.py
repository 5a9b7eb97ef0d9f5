#!/usr/bin/env python3
"""A second kad client, not namectl: py-libp2p sending raw kad-dht messages to Kubo nodes.

Started (and killed) by NameAminoTests:

    python3 Tests/Interop/kad_client.py

Prints {"ready": true, "id": "<its peer id>"} and answers one JSON line per command line:

    {"cmd": "put_ipns", "addr": "/ip4/…/tcp/P/p2p/ID", "seed": hex32, "value": "/ipfs/…",
     "sequence": n, "protocol": "/ipfs/lan/kad/1.0.0"}
        -> {"ok": true, "record": hex, "name": "k51…"}  (the record is made by ipns_reference.py,
           the independent Python IPNS implementation, and PUT with key /ipns/<binary multihash>)
           or {"ok": false, "error": "…"} when the node reset the stream (refused it)
    {"cmd": "get", "addr": …, "key": hex, "protocol": …}
        -> {"found": bool, "value": hex, "closer": n}
    {"cmd": "quit"}

py-libp2p's own put_value uses UTF-8 string keys, so this sends hand-built Message protobufs.
The process exits when stdin closes.
"""
import datetime
import json
import os
import sys

import multiaddr
import trio

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ipns_reference  # noqa: E402

from pylibp2p_host import LISTEN, make_host, serve_commands  # noqa: E402

from libp2p.custom_types import TProtocol  # noqa: E402
from libp2p.kad_dht.pb.kademlia_pb2 import Message  # noqa: E402
from libp2p.peer.peerinfo import info_from_p2p_addr  # noqa: E402
from libp2p.utils.varint import encode_varint_prefixed, read_varint_prefixed_bytes  # noqa: E402


def ipns_key(seed):
    import nacl.signing
    public = bytes(nacl.signing.SigningKey(seed).verify_key)
    pb = ipns_reference.public_key_protobuf(public)
    return b"/ipns/" + bytes([0x00, len(pb)]) + pb


async def exchange(host, addr, protocol, message):
    info = info_from_p2p_addr(multiaddr.Multiaddr(addr))
    with trio.fail_after(20):
        await host.connect(info)
        stream = await host.new_stream(info.peer_id, [TProtocol(protocol)])
        try:
            await stream.write(encode_varint_prefixed(message.SerializeToString()))
            answer = Message()
            answer.ParseFromString(await read_varint_prefixed_bytes(stream))
            return answer
        finally:
            await stream.reset()


async def handle(host, command):
    if command["cmd"] == "put_ipns":
        seed = bytes.fromhex(command["seed"])
        validity = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=48)).strftime("%Y-%m-%dT%H:%M:%S.000000000Z")
        record, name = ipns_reference.build(seed, command["value"].encode(), command["sequence"], validity.encode(), 3600 * 10**9)
        key = ipns_key(seed)
        message = Message(type=Message.MessageType.PUT_VALUE, key=key)
        message.record.key = key
        message.record.value = record
        try:
            answer = await exchange(host, command["addr"], command["protocol"], message)
        except BaseException as error:
            return {"ok": False, "error": repr(error)}
        return {"ok": answer.record.value == record, "record": record.hex(), "name": name}
    if command["cmd"] == "get":
        key = bytes.fromhex(command["key"])
        answer = await exchange(host, command["addr"], command["protocol"], Message(type=Message.MessageType.GET_VALUE, key=key))
        found = answer.HasField("record") and len(answer.record.value) > 0
        return {"found": found, "value": answer.record.value.hex() if found else "", "closer": len(answer.closerPeers)}
    return {"error": f"unknown command {command['cmd']}"}


async def main():
    host = make_host()
    async with host.run(listen_addrs=LISTEN):
        print(json.dumps({"ready": True, "id": host.get_id().pretty()}), flush=True)
        await serve_commands(host, handle, lambda error: {"error": repr(error)})


if __name__ == "__main__":
    trio.run(main)
