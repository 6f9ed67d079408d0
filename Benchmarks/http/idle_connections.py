#!/usr/bin/env python3
"""Opens N keep-alive connections to HOST:PORT, sends one GET /healthz on each (so each is a real,
served, now-idle keep-alive connection), then holds them open until killed (SIGTERM) or SECONDS pass.
Prints 'ready N' once all are open."""
import signal, socket, sys, time

host, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 600
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
conns = []
request = b"GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n"
for i in range(count):
    s = socket.create_connection((host, port))
    s.sendall(request)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    conns.append(s)
print(f"ready {len(conns)}", flush=True)
deadline = time.time() + seconds
while time.time() < deadline:
    time.sleep(1)
