#!/usr/bin/env python3
"""Measurements for Benchmarks/batch/run.sh (not a test).

  measure.py cli BINARY INPUT JOBS           check --batch INPUT --jobs JOBS > /dev/null
  measure.py http BINARY INPUT [CONNECTIONS] [--gzip]
                                             serve, then POST INPUT to /v1/claims/batch (split into
                                             CONNECTIONS parts sent at once), responses to /dev/null

Prints one line: mode, claims, wall seconds, claims/s, CPU seconds of the process doing the work,
CPU microseconds per claim, and its peak RSS (VmHWM for the server, ru_maxrss for the CLI).
"""
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request


def count_lines(path):
    count = 0
    with open(path, "rb") as f:
        while True:
            block = f.read(1 << 24)
            if not block:
                return count
            count += block.count(b"\n")


def report(mode, claims, seconds, cpu, rss_kib, extra=""):
    rate = claims / seconds if seconds > 0 else 0
    per_claim = cpu / claims * 1e6 if claims else 0
    print(f"{mode:<28} {claims:>9} claims {seconds:8.2f} s {rate:>9.0f} claims/s  "
          f"CPU {cpu:7.2f} s ({per_claim:5.2f} us/claim)  peak RSS {rss_kib / 1024:6.1f} MiB{extra}", flush=True)


def cli(binary, path, jobs):
    claims = count_lines(path)
    start = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(path, "rb") as stdin, open(os.devnull, "wb") as out:
        proc = subprocess.run([binary, "check", "--batch", "-", "--jobs", str(jobs)], stdin=stdin, stdout=out,
                              stderr=subprocess.PIPE, timeout=3600)
    seconds = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        sys.exit(f"check --batch failed ({proc.returncode}): {proc.stderr.decode()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    report(f"check --batch --jobs {jobs}", claims, seconds, cpu, after.ru_maxrss,
           "  | " + proc.stderr.decode().strip().splitlines()[-1])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def proc_hwm(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def split(path, parts, directory):
    """Cuts the batch into `parts` files of whole lines."""
    size = os.path.getsize(path)
    names = []
    with open(path, "rb") as f:
        for k in range(parts):
            name = os.path.join(directory, f"part{k}.ndjson")
            with open(name, "wb") as out:
                target = size // parts
                written = 0
                while written < target or k == parts - 1:
                    line = f.readline()
                    if not line:
                        break
                    out.write(line)
                    written += len(line)
            names.append(name)
    return names


def http(binary, path, connections, gzip):
    port = free_port()
    env = dict(os.environ, SCRUBBER_ACCESS_LOG="false", SCRUBBER_LIMITS_BATCH_BODY=str(1 << 40),
               SCRUBBER_LIMITS_CONCURRENT_BATCHES=str(max(4, connections)))
    server = subprocess.Popen([binary, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.05)
        claims = count_lines(path)
        with tempfile.TemporaryDirectory(dir=os.path.dirname(path)) as scratch:
            parts = split(path, connections, scratch) if connections > 1 else [path]
            if gzip:
                parts = [p for p in parts]
                zipped = []
                for p in parts:
                    z = os.path.join(scratch, os.path.basename(p) + ".gz")
                    with open(p, "rb") as src, open(z, "wb") as dst:
                        subprocess.run(["gzip", "-c", "-1"], stdin=src, stdout=dst, check=True)
                    zipped.append(z)
                parts = zipped
            headers = ["-H", "Content-Type: application/x-ndjson"] + (["-H", "Content-Encoding: gzip"] if gzip else [])
            cpu0 = proc_cpu(server.pid)
            start = time.monotonic()
            results = [None] * len(parts)

            def send(k, part):
                out = subprocess.run(["curl", "-sS", "-X", "POST", "-T", part, *headers, "-o", os.devnull,
                                      "-w", "%{http_code} %{size_download}", f"http://127.0.0.1:{port}/v1/claims/batch"],
                                     capture_output=True, timeout=3600)
                results[k] = out.stdout.decode().strip() or out.stderr.decode().strip()

            threads = [threading.Thread(target=send, args=(k, p)) for k, p in enumerate(parts)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            seconds = time.monotonic() - start
            cpu = proc_cpu(server.pid) - cpu0
            hwm = proc_hwm(server.pid)
        for r in results:
            if not r or not r.startswith("200 "):
                sys.exit(f"POST /v1/claims/batch failed: {results}")
        out_bytes = sum(int(r.split()[1]) for r in results)
        name = f"POST batch x{connections}" + (" gzip" if gzip else "")
        report(name, claims, seconds, cpu, hwm, f"  | {out_bytes / 1e9:.2f} GB out")
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    mode, binary, path = sys.argv[1], sys.argv[2], sys.argv[3]
    if mode == "cli":
        cli(binary, path, int(sys.argv[4]))
    elif mode == "http":
        rest = sys.argv[4:]
        connections = int(rest[0]) if rest and rest[0].isdigit() else 1
        http(binary, path, connections, "--gzip" in rest)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
