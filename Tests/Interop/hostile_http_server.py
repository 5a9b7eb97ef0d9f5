#!/usr/bin/env python3
"""A hostile Delegated Routing HTTP server on 127.0.0.1, for the HTTP client's bounds tests.

Started (and killed) by NameResolverTests:

    python3 Tests/Interop/hostile_http_server.py

Prints {"ready": true, "port": P}; the first path segment picks the behaviour, so a client given the
endpoint http://127.0.0.1:P/<mode> meets it on every request:

  endless    200, no Content-Length, zeros streamed until the client goes away
  announced  200, Content-Length of 10 GB, then zeros streamed
  drip       200, Content-Length 100, one byte every 0.5 s
  silent     reads the request, never answers
  small      200 with 5 bytes (a well-behaved answer, too short to be a record)

It exits when stdin closes.
"""
import json
import socket
import sys
import threading
import time


def serve(conn):
    try:
        conn.settimeout(30)
        request = b""
        while b"\r\n\r\n" not in request and len(request) < 65536:
            chunk = conn.recv(4096)
            if not chunk:
                return
            request += chunk
        head, _, rest = request.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(rest) < length:
            chunk = conn.recv(4096)
            if not chunk:
                break
            rest += chunk
        path = head.split(b" ")[1].decode("ascii", "replace")
        mode = path.strip("/").split("/")[0]
        zeros = b"\0" * 65536
        if mode == "endless":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/vnd.ipfs.ipns-record\r\nConnection: close\r\n\r\n")
            while True:
                conn.sendall(zeros)
        elif mode == "announced":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/vnd.ipfs.ipns-record\r\nContent-Length: 10000000000\r\n\r\n")
            while True:
                conn.sendall(zeros)
        elif mode == "drip":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/vnd.ipfs.ipns-record\r\nContent-Length: 100\r\n\r\n")
            for _ in range(100):
                conn.sendall(b"\0")
                time.sleep(0.5)
        elif mode == "silent":
            time.sleep(30)
        else:
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/vnd.ipfs.ipns-record\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello")
    except OSError:
        pass
    finally:
        conn.close()


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)

    def accept():
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    print(json.dumps({"ready": True, "port": listener.getsockname()[1]}), flush=True)
    for _ in sys.stdin:
        pass


if __name__ == "__main__":
    main()
