#!/usr/bin/env python3
"""A tiny authoritative DNS server on 127.0.0.1 (UDP) serving TXT records, for the /dnsaddr tests.

Started (and killed) by NameAminoTests:

    python3 Tests/Interop/dnsaddr_server.py '{"_dnsaddr.boot.test": ["dnsaddr=/ip4/…/p2p/…"]}'

Prints {"ready": true, "port": P} and answers every TXT query for a listed owner (case-insensitive)
with its strings, one TXT record each; anything else gets NXDOMAIN. It exits when stdin closes.
"""
import json
import socket
import struct
import sys
import threading


def question_end(packet):
    """The offset just past the question's QTYPE and QCLASS, and the owner name (lowercase)."""
    offset = 12
    labels = []
    while packet[offset] != 0:
        length = packet[offset]
        labels.append(packet[offset + 1:offset + 1 + length].decode("ascii", "replace"))
        offset += 1 + length
    return offset + 5, ".".join(labels).lower(), struct.unpack("!H", packet[offset + 1:offset + 3])[0]


def answer(packet, records):
    end, owner, qtype = question_end(packet)
    strings = records.get(owner.rstrip("."), [])
    found = owner.rstrip(".") in records
    answers = b""
    count = 0
    if qtype == 16:
        for text in strings:
            data = text.encode()
            rdata = bytes([len(data)]) + data
            answers += struct.pack("!HHHIH", 0xC00C, 16, 1, 60, len(rdata)) + rdata
            count += 1
    flags = 0x8400 | (packet[2] & 0x01) << 8 | (0 if found else 3)
    header = packet[:2] + struct.pack("!HHHHH", flags, 1, count, 0, 0)
    return header + packet[12:end] + answers


def serve(sock, records):
    while True:
        packet, peer = sock.recvfrom(4096)
        try:
            sock.sendto(answer(packet, records), peer)
        except (IndexError, struct.error):
            continue


def main():
    records = {k.lower().rstrip("."): v for k, v in json.loads(sys.argv[1]).items()}
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    threading.Thread(target=serve, args=(sock, records), daemon=True).start()
    print(json.dumps({"ready": True, "port": sock.getsockname()[1]}), flush=True)
    for _ in sys.stdin:
        pass


if __name__ == "__main__":
    main()
