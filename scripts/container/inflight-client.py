#!/usr/bin/env python3
"""inflight-client.py HOST PORT CLAIM READY_FILE: a scrub request that is in flight across a shutdown.

Sends the request line, the headers and half the body of POST /v1/claims/scrub, creates READY_FILE
(the caller then sends the server its stop signal), waits a moment, sends the rest of the body and
prints the status line of the answer (or what went wrong). Bounded: 15 s in all."""
import pathlib
import socket
import sys
import time


def main():
    host, port, claim, ready = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    body = pathlib.Path(claim).read_bytes()
    head = (f"POST /v1/claims/scrub HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    half = len(body) // 2
    with socket.create_connection((host, port), timeout=15) as conn:
        conn.sendall(head + body[:half])
        time.sleep(0.2)                      # the server has read the headers
        pathlib.Path(ready).touch()
        time.sleep(0.5)                      # the stop signal arrives meanwhile
        conn.sendall(body[half:])
        answer = b""
        while b"\r\n" not in answer:
            chunk = conn.recv(4096)
            if not chunk:
                break
            answer += chunk
    print(answer.split(b"\r\n", 1)[0].decode("latin-1") or "connection closed without an answer")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except OSError as error:
        print(f"error: {error}")
        sys.exit(1)
