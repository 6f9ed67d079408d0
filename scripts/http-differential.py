#!/usr/bin/env python3
"""Differential check of our HTTP/1.1 request parser against h11, an independent parser.

Generates request messages from a fixed seed (request lines, header fields, obs-fold, whitespace,
Content-Length / Transfer-Encoding combinations, chunk extensions, trailers, bare LF and CR, NUL and
other controls, high bytes, duplicate headers, Host forms, ...), asks both parsers for a verdict on
each (accept with method, target and body, reject, or incomplete), and compares.

Every disagreement must be explained by one of KNOWN_DIFFERENCES: a documented place where RFC 9110 /
RFC 9112 lets a recipient choose and we choose differently from h11 (usually stricter). Each entry's id
must appear in docs/http-conformance.md. Any other disagreement fails the run (exit 1) and is printed
with the message, so it can be turned into a test.

    scripts/http-differential.py --ours .build-fuzz/release/http-verdict [--count 6000] [--seed 20260401]

h11 comes from PyPI (`pip install h11`); the CI step installs it in a virtual environment.
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys

import h11

# --- generation -------------------------------------------------------------------------------------

VALID_HOSTS = ["example.com", "a", "localhost:8080", "127.0.0.1", "127.0.0.1:80", "[::1]", "[::1]:443",
               "[2001:db8::7]", "xn--bcher-kva.example", "h:", "h:00080", "%41b", "a-b_c~d.e", ""]
INVALID_HOSTS = ["a, b", "a,b", "a b", "user@a", "u:p@a", "a/b", "a?x", "a#f", "a:b", "a:65536", "a:80:90",
                 ":80", "[::1", "[1:2]", "[::1]x", "a\"b", "a<b", "a|b", "a%zz", "a\tb", "caf\xc3\xa9", "a\\b",
                 "a{b}", "[v1]", "a[b"]
METHODS = ["GET", "POST", "PUT", "HEAD", "DELETE", "PATCH", "OPTIONS", "get", "M-SEARCH", "X!#$%&'*+.^_`|~"]
BAD_METHODS = ["G(T", "GE T", "", "G\x00T", "GET\x7f", "G\xc3\xa9T"]
ORIGIN_TARGETS = ["/", "/v1/claims/scrub", "/a?b=c&d", "/%20x", "/a/../b", "/x;p=1", "/~!$&'()*+,;=:@", "/?",
                  "/a?q=/?:@"]
BAD_TARGETS = ["foo", "/a b", "/a\x00", "/a\x7f", "/\xff", "/a\tb", "//", "*"]
ABSOLUTE_TARGETS = ["http://example.com/a", "https://example.com:8443/a?b", "HTTP://E.COM", "http://a?x",
                    "http://[::1]:80/x"]
BAD_ABSOLUTE_TARGETS = ["http:///a", "http://:80/a", "http://user@a/", "http://a:99999/", "http://a,b/",
                        "ftp://a/"]
VERSIONS_OK = ["HTTP/1.1", "HTTP/1.0"]
VERSIONS_HIGHER_MINOR = ["HTTP/1.2", "HTTP/1.9"]
VERSIONS_OTHER_MAJOR = ["HTTP/2.0", "HTTP/0.9", "HTTP/3.1"]
VERSIONS_BAD = ["http/1.1", "HTTP/1.10", "HTTP/11", "HTTP/1", "HTTP/1.1 ", "HTTP /1.1", "HTTP/a.b"]
TOKENS = ["X-A", "x-b", "Accept", "User-Agent", "X_Under", "X.Dot", "!#$%&'*+-.^_`|~"]
VALUES = ["v", "a b", "text/plain; q=0.5", "", "  padded  ", "\tx\t", "a,b", "\"quoted\"", "caf\xc3\xa9",
          "\xff\xfe", "x" * 300]


class Message:
    """One generated message: its bytes, and tags naming what was put into it."""

    def __init__(self, rng, faulty):
        self.rng = rng
        self.faulty = faulty  # about a third of the messages get no deliberate faults at all
        self.tags = set()
        self.parts = []

    def add(self, text):
        self.parts.append(text.encode("latin-1") if isinstance(text, str) else text)

    def bytes(self):
        return b"".join(self.parts)

    def fault(self, probability, tag=None):
        """Whether to put a fault in here (never in a clean message); tags the message if so."""
        hit = self.faulty and self.rng.random() < probability
        if hit and tag:
            self.tags.add(tag)
        return hit

    def roll(self):
        """A random number in [0, 1), or 0 (the first, well-formed, choice) in a clean message."""
        return self.rng.random() if self.faulty else 0.0


def line_end(m):
    if m.fault(0.02, "bare-lf"):
        return "\n"
    if m.fault(0.01, "bare-cr"):
        return "\r"
    return "\r\n"


def generate(rng):
    m = Message(rng, faulty=rng.random() >= 0.35)
    if rng.random() < 0.03:
        m.tags.add("leading-empty-lines")
        m.add("\r\n" * rng.randint(1, 2))

    # Request line.
    if m.fault(0.06, "bad-method"):
        method = rng.choice(BAD_METHODS)
    else:
        method = rng.choice(METHODS)
    r = m.roll()
    if r < 0.75:
        target = rng.choice(ORIGIN_TARGETS if rng.random() < 0.9 else ABSOLUTE_TARGETS)
    elif r < 0.82:
        target = rng.choice(BAD_ABSOLUTE_TARGETS)
        m.tags.add("bad-absolute-form")
    elif r < 0.86:
        target = "*"
        m.tags.add("asterisk-form")
    elif r < 0.89:
        target = "example.com:443"
        m.tags.add("authority-form")
    else:
        target = rng.choice(BAD_TARGETS)
        m.tags.add("bad-target")
    if target.lower().startswith("http"):
        m.tags.add("absolute-form")
    if target == "*" and method == "OPTIONS":
        m.tags.discard("asterisk-form")
    r = m.roll()
    if r < 0.8:
        version = rng.choice(VERSIONS_OK)
    elif r < 0.87:
        version = rng.choice(VERSIONS_HIGHER_MINOR)
        m.tags.add("higher-minor-version")
    elif r < 0.93:
        version = rng.choice(VERSIONS_OTHER_MAJOR)
        m.tags.add("other-major-version")
    else:
        version = rng.choice(VERSIONS_BAD)
        m.tags.add("bad-version")
    http10 = version == "HTTP/1.0"
    sep1 = rng.choice(["  ", "\t"]) if m.fault(0.03, "bad-request-line-space") else " "
    m.add(f"{method}{sep1}{target} {version}")
    m.add(line_end(m))

    # Header fields, in random order.
    fields = []
    r = m.roll()
    if r < 0.75:
        fields.append(("Host", rng.choice(VALID_HOSTS)))
    elif r < 0.87:
        fields.append(("Host", rng.choice(INVALID_HOSTS)))
        m.tags.add("invalid-host")
    elif r < 0.93:
        fields.append(("Host", "a"))
        fields.append(("host", rng.choice(["a", "b"])))
        m.tags.add("duplicate-host")
    else:
        m.tags.add("no-host")
    for _ in range(rng.randint(0, 4)):
        fields.append((rng.choice(TOKENS), rng.choice(VALUES)))
    if rng.random() < 0.15:
        fields.append(("Connection", rng.choice(["close", "keep-alive", "Keep-Alive, Upgrade", "close, close"])))
    if rng.random() < 0.05:
        if m.fault(0.5, "unknown-expectation"):
            fields.append(("Expect", "teapot"))
        else:
            fields.append(("Expect", rng.choice(["100-continue", "100-Continue"])))

    # Framing.
    body = b""
    chunked_body = None
    r = rng.random()
    if r >= 0.7 and http10 and not m.fault(0.3, "transfer-encoding-in-http10"):
        r = 0.0  # HTTP/1.0 has no transfer codings: mostly no body instead
    if r < 0.4:
        pass
    elif r < 0.7:
        body = bytes(rng.randrange(256) for _ in range(rng.randint(0, 40)))
        name = rng.choice(["Content-Length", "content-length"])
        length = str(len(body))
        if rng.random() < 0.1:
            length = "0" + length
        fields.append((name, length))
        if m.fault(0.08, "duplicate-content-length-same"):
            fields.append(("Content-Length", length))
        elif m.fault(0.04, "duplicate-content-length-different"):
            fields.append(("Content-Length", str(len(body) + 1)))
        elif m.fault(0.04, "content-length-list"):
            fields[-1] = (name, f"{length}, {length}")
        elif m.fault(0.08, "invalid-content-length"):
            fields[-1] = (name, rng.choice([f"+{length}", f"-{length}", f"0x{length}", "", f"{length}a", f"{length} 1"]))
    else:
        te = rng.choice(["chunked", "chunked", "chunked", "Chunked", "CHUNKED", " chunked "])
        if m.fault(0.06, "unsupported-transfer-coding"):
            te = rng.choice(["gzip", "gzip, chunked", "identity", "chunked, gzip"])
        elif m.fault(0.04, "chunked-twice"):
            te = "chunked, chunked"
        elif m.fault(0.02, "empty-transfer-encoding"):
            te = ""
        fields.append(("Transfer-Encoding", te))
        if m.fault(0.07, "content-length-with-transfer-encoding"):
            fields.append(("Content-Length", "3"))
        chunked_body = make_chunked(rng, m)

    rng.shuffle(fields)
    for name, value in fields:
        sep = ": "
        if m.fault(0.03, "space-before-colon"):
            sep = rng.choice([" : ", "\t:"])
        elif rng.random() < 0.05:
            sep = rng.choice([":", ":\t", ":  "])
        if m.fault(0.015, "control-in-value"):
            value = value[: len(value) // 2] + rng.choice(["\x00", "\x01", "\x7f", "\r", "\x0b"]) + value[len(value) // 2:]
        m.add(f"{name}{sep}{value}")
        m.add(line_end(m))
        if m.fault(0.02, "obs-fold"):
            m.add(rng.choice([" folded", "\tfolded"]))
            m.add(line_end(m))
    if m.fault(0.02, "bad-field-line"):
        m.add(rng.choice(["NoColon", "Bad Name: v", ": empty-name", "X\x00: v", "X\xc3\xa9: v"]))
        m.add(line_end(m))
    m.add(line_end(m))
    m.add(chunked_body if chunked_body is not None else body)
    if rng.random() < 0.05:
        m.add("GET /next HTTP/1.1\r\nHost: a\r\n\r\n")
    if m.fault(0.03, "truncated"):
        data = m.bytes()
        m.parts = [data[: rng.randint(0, len(data))]]
    return m


def make_chunked(rng, m):
    out = []
    for _ in range(rng.randint(0, 3)):
        data = bytes(rng.randrange(256) for _ in range(rng.randint(1, 20)))
        size = "%x" % len(data)
        s = rng.random()
        if s < 0.1:
            size = size.upper()
        elif s < 0.15:
            size = "0" * rng.randint(1, 3) + size
        elif s < 0.17:
            size = "0" * 22 + size
            m.tags.add("long-chunk-size")
        elif m.fault(0.1, "bad-chunk-size"):
            size = rng.choice(["-1", "0x1", "g", "", " 1", "1x"])
        ext = ""
        e = rng.random()
        if e < 0.12:
            ext = rng.choice([";a", ";a=b", ";a=\"q v\"", ";a;b=c", "; a = b"])
            if " " in ext and "\"" not in ext:
                m.tags.add("chunk-extension-whitespace")
        elif e < 0.15:
            ext = rng.choice([" ;a=b", "\t;a"])
            m.tags.add("chunk-extension-whitespace")
        elif m.fault(0.03, "chunk-size-trailing-whitespace"):
            ext = rng.choice([" ", "\t"])
        elif m.fault(0.03, "control-in-chunk-extension"):
            ext = rng.choice([";a\x01", ";\x7f", ";a=\x00"])
        out.append(f"{size}{ext}".encode("latin-1") + b"\r\n" + data)
        if m.fault(0.04, "bad-chunk-data-end"):
            out.append(rng.choice([b"\n", b"", b"xx"]))
        else:
            out.append(b"\r\n")
    out.append(b"0\r\n")
    if rng.random() < 0.15:
        if m.fault(0.3, "bad-trailer"):
            out.append(rng.choice([b"T : v\r\n", b"T: a\x00b\r\n", b"No colon\r\n"]))
        else:
            out.append(rng.choice([b"T: v\r\n", b"X-Checksum: abc\r\nY: 1\r\n"]))
    out.append(b"\r\n")
    return b"".join(out)


# --- verdicts ---------------------------------------------------------------------------------------

def reduce_target(target):
    """Our parser reduces an absolute-form target to origin-form (path and query)."""
    lowered = target.lower()
    for scheme in ("http://", "https://"):
        if lowered.startswith(scheme) and len(target) > len(scheme):
            rest = target[len(scheme):]
            cut = min([i for i in (rest.find("/"), rest.find("?")) if i >= 0], default=-1)
            if cut < 0:
                return "/"
            tail = rest[cut:]
            return "/" + tail if tail.startswith("?") else tail
    return target


def h11_verdict(data):
    conn = h11.Connection(h11.SERVER)
    if not data:
        return {"verdict": "incomplete"}  # receive_data(b"") would mean the client closed
    conn.receive_data(data)
    request, body = None, bytearray()
    try:
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA or event is h11.PAUSED or isinstance(event, h11.ConnectionClosed):
                return {"verdict": "incomplete"}
            if isinstance(event, h11.Request):
                request = event
            elif isinstance(event, h11.Data):
                body += event.data
            elif isinstance(event, h11.EndOfMessage):
                minor = int(request.http_version.split(b".")[1]) if request.http_version.startswith(b"1.") else -1
                return {
                    "verdict": "accept",
                    "method": request.method.decode("latin-1"),
                    "target": reduce_target(request.target.decode("latin-1")),
                    "minorVersion": min(minor, 1),
                    "headers": [[n.decode("latin-1"), v.hex()] for n, v in request.headers],
                    "body": bytes(body).hex(),
                    "error": None,
                }
    except h11.RemoteProtocolError as error:
        return {"verdict": "reject", "status": error.error_status_hint, "error": str(error)}


def ours_verdicts(binary, messages):
    text = "".join(m.bytes().hex() + "\n" for m in messages)
    env = dict(os.environ, SWIFT_BACKTRACE="enable=no")
    result = subprocess.run([binary], input=text.encode(), capture_output=True, env=env, timeout=300)
    if result.returncode != 0:
        sys.exit(f"http-differential: {binary} exited {result.returncode}: {result.stderr.decode()[-2000:]}")
    lines = result.stdout.decode().splitlines()
    if len(lines) != len(messages):
        sys.exit(f"http-differential: {len(lines)} verdicts for {len(messages)} messages")
    return [json.loads(line) for line in lines]


# --- known differences ------------------------------------------------------------------------------
# Each entry: id (documented in docs/http-conformance.md), the tag the message must carry, and what
# each side must have done: our reject reasons (None: we accept) and whether h11 accepts, rejects or
# either. A disagreement is explained when some entry matches it.

def known(id, tag, ours, h11_side):
    return {"id": id, "tag": tag, "ours": ours, "h11": h11_side}


KNOWN_DIFFERENCES = [
    known("obs-fold", "obs-fold", ["bad_header"], "accept"),
    known("higher-minor-version-host", "higher-minor-version", ["missing_host"], "accept"),
    known("bare-lf", "bare-lf", ["bad_line_ending"], "accept"),
    known("repeated-content-length", "duplicate-content-length-same", ["bad_framing"], "accept"),
    known("repeated-content-length", "content-length-list", ["bad_framing"], "accept"),
    known("content-length-with-transfer-encoding", "content-length-with-transfer-encoding", ["bad_framing"], "accept"),
    known("transfer-encoding-in-http10", "transfer-encoding-in-http10", ["bad_framing"], "accept"),
    known("host-syntax", "invalid-host", ["bad_host"], "accept"),
    known("absolute-form-authority", "bad-absolute-form", ["bad_request_line"], "accept"),
    known("request-target-form", "bad-target", ["bad_request_line"], "accept"),
    known("request-target-form", "asterisk-form", ["bad_request_line"], "accept"),
    known("request-target-form", "authority-form", ["bad_request_line"], "accept"),
    known("http-version", "other-major-version", ["unsupported_version"], "accept"),
    known("unknown-expectation", "unknown-expectation", ["expectation_failed"], "accept"),
    known("controls-in-field-values", "control-in-value", ["bad_header"], "accept"),
    known("controls-in-chunk-extensions", "control-in-chunk-extension", ["bad_chunk"], "accept"),
    known("chunk-size-trailing-whitespace", "chunk-size-trailing-whitespace", ["bad_chunk"], "accept"),
    known("empty-lines-before-request-line", "leading-empty-lines", None, "reject"),
    known("chunk-extension-whitespace", "chunk-extension-whitespace", None, "reject"),
    known("long-chunk-size", "long-chunk-size", None, "reject"),
]


def same_request(ours, theirs):
    return all(ours.get(k) == theirs.get(k) for k in ("method", "target", "minorVersion", "headers", "body"))


def h11_normalized(theirs):
    """h11 lowercases Transfer-Encoding values in the header list it returns; compare like with like."""
    if theirs["verdict"] != "accept":
        return theirs
    headers = []
    for name, value in theirs["headers"]:
        if name == "transfer-encoding":
            value = None
        headers.append([name, value])
    return dict(theirs, headers=headers)


def ours_normalized(ours):
    if ours["verdict"] != "accept":
        return ours
    return dict(ours, headers=[[n, None if n == "transfer-encoding" else v] for n, v in ours["headers"]])


def as_text(value_hex):
    """A header value as our server hands it to the service: UTF-8 text, other bytes as U+FFFD."""
    return bytes.fromhex(value_hex).decode("utf-8", "replace").encode("utf-8").hex()


def explain(message, ours, theirs):
    """The ids of the known differences that account for this disagreement (empty: unexplained)."""
    tags = message.tags
    if ours["verdict"] == "accept" and theirs["verdict"] == "accept":
        text = dict(theirs, headers=[[n, as_text(v) if v is not None else None] for n, v in theirs["headers"]])
        return ["field-values-as-text"] if same_request(ours, text) else []
    if ours["verdict"] == "reject" and theirs["verdict"] == "incomplete":
        # We judge each line as soon as its end arrives; h11 waits for the whole header section. With
        # the section completed, h11 must refuse too; if it still waits (a body is missing), it has
        # not refused, and our refusal must be a known difference.
        completed = h11_verdict(message.bytes() + b"\r\n\r\n")
        if completed["verdict"] == "reject":
            return ["incomplete-input"]
        return explain_listed(tags, ours, {"verdict": "accept"} if completed["verdict"] == "incomplete" else completed)
    return explain_listed(tags, ours, theirs)


def explain_listed(tags, ours, theirs):
    ids = []
    for entry in KNOWN_DIFFERENCES:
        if entry["tag"] not in tags:
            continue
        if entry["ours"] is None:
            ours_ok = ours["verdict"] in ("accept", "incomplete")
        else:
            ours_ok = ours["verdict"] == "reject" and ours["reason"] in entry["ours"]
        theirs_ok = entry["h11"] == "either" or theirs["verdict"] == entry["h11"] or (
            entry["h11"] == "accept" and theirs["verdict"] == "incomplete")
        if ours_ok and theirs_ok:
            ids.append(entry["id"])
    return ids


def check_docs(path):
    try:
        text = open(path, encoding="utf-8").read()
    except OSError as error:
        sys.exit(f"http-differential: cannot read {path}: {error}")
    ids = {e["id"] for e in KNOWN_DIFFERENCES} | {"field-values-as-text", "incomplete-input"}
    missing = sorted(i for i in ids if f"`{i}`" not in text)
    if missing:
        sys.exit(f"http-differential: {path} does not document: {', '.join(missing)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ours", required=True, help="the http-verdict binary (scripts/fuzz.sh build)")
    ap.add_argument("--count", type=int, default=6000)
    ap.add_argument("--seed", type=int, default=20260401)
    ap.add_argument("--docs", default=os.path.join(os.path.dirname(__file__), "..", "docs", "http-conformance.md"))
    ap.add_argument("--show", type=int, default=5, help="unexplained disagreements to print in full")
    args = ap.parse_args()
    check_docs(args.docs)

    rng = random.Random(args.seed)
    messages = [generate(rng) for _ in range(args.count)]
    ours = [ours_normalized(v) for v in ours_verdicts(args.ours, messages)]
    theirs = [h11_normalized(h11_verdict(m.bytes())) for m in messages]
    # Where we still wait and h11 has refused, ask us again with the header section completed.
    waiting = [i for i, (a, b) in enumerate(zip(ours, theirs)) if a["verdict"] == "incomplete" and b["verdict"] == "reject"]
    completed = {}
    if waiting:
        more = []
        for i in waiting:
            extended = Message(None, False)
            extended.tags = messages[i].tags
            extended.add(messages[i].bytes() + b"\r\n\r\n")
            more.append(extended)
        completed = dict(zip(waiting, ours_verdicts(args.ours, more)))
    agree, explained, unexplained = 0, {}, []
    accepted = {"both": 0, "ours": 0, "h11": 0}
    for index, (message, mine, other) in enumerate(zip(messages, ours, theirs)):
        if mine["verdict"] == other["verdict"] and (mine["verdict"] != "accept" or same_request(mine, other)):
            agree += 1
            if mine["verdict"] == "accept":
                accepted["both"] += 1
            continue
        accepted["ours"] += mine["verdict"] == "accept" and other["verdict"] != "accept"
        accepted["h11"] += other["verdict"] == "accept" and mine["verdict"] != "accept"
        if index in completed and completed[index]["verdict"] == "reject":
            ids = ["incomplete-input"]
        else:
            ids = explain(message, mine, other)
        if ids:
            for i in ids:
                explained[i] = explained.get(i, 0) + 1
        else:
            unexplained.append((message, mine, other))

    print(f"{args.count} messages (seed {args.seed}): {agree} agree ({accepted['both']} accepted by both), "
          f"{sum(explained.values())} known differences ({accepted['ours']} accepted only by us, "
          f"{accepted['h11']} only by h11), {len(unexplained)} unexplained")
    for key in sorted(explained):
        print(f"  {explained[key]:5d}  {key}")
    for message, mine, theirs in unexplained[: args.show]:
        print("\nUNEXPLAINED:", repr(message.bytes()[:400]))
        print("  tags: ", sorted(message.tags))
        print("  ours: ", mine)
        print("  h11:  ", theirs)
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
