#!/usr/bin/env python3
"""Runs the curl examples of a README section against a live server and checks their output.

An example is a ```console block whose first line is `$ curl ...` (or a pipeline starting with curl);
the lines after it are the output captured from the running server when the docs were written.

  curl_examples.py check FILE.md PORT     run every example (127.0.0.1:8080 -> PORT, 127.0.0.1:8081 -> PORT+1), compare
  curl_examples.py write FILE.md PORT     re-run every example and write its real output into FILE.md

Comparison: with `-i` output, the status line must match exactly and every header shown must be present
with the same value (except Date and X-Request-ID when the example sent none); a JSON body must equal
the documented one (objects compared key by key, values exactly); any other body must contain every
documented line's first token (metric names with labels, YAML keys).
"""
import json, re, subprocess, sys

VOLATILE_HEADERS = {"date"}

def blocks(text):
    pattern = re.compile(r"```console\n(.*?)```", re.S)
    for m in pattern.finditer(text):
        lines = m.group(1).split("\n")
        if not lines or not lines[0].startswith("$ curl"):
            continue
        command = lines[0][2:]
        output = "\n".join(lines[1:]).rstrip("\n")
        yield m.start(1), m.end(1), command, output

def run(command, port):
    # Examples use 127.0.0.1:8080 (open server) and 127.0.0.1:8081 (server with API keys).
    cmd = command.replace("127.0.0.1:8080", f"127.0.0.1:{port}").replace("127.0.0.1:8081", f"127.0.0.1:{int(port) + 1}")
    proc = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], capture_output=True, timeout=30)
    return proc.stdout.decode("utf-8", "replace").replace("\r\n", "\n").rstrip("\n")

def split_http(output):
    if not output.startswith("HTTP/"):
        return None, [], output
    head, _, body = output.partition("\n\n")
    lines = head.split("\n")
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.append((name.strip().lower(), value.strip()))
    return lines[0].strip(), headers, body

def compare(command, expected, actual):
    problems = []
    e_status, e_headers, e_body = split_http(expected)
    a_status, a_headers, a_body = split_http(actual)
    if e_status is not None:
        if a_status != e_status:
            return [f"status: expected {e_status!r}, got {a_status!r}"]
        a_map = {}
        for name, value in a_headers:
            a_map.setdefault(name, value)
        sent_request_id = "x-request-id" in command.lower()
        for name, value in e_headers:
            if name not in a_map:
                problems.append(f"header {name} missing")
            elif name in VOLATILE_HEADERS or (name == "x-request-id" and not sent_request_id):
                continue
            elif a_map[name] != value:
                problems.append(f"header {name}: expected {value!r}, got {a_map[name]!r}")
    e_body, a_body = e_body.strip(), a_body.strip()
    try:
        e_json = json.loads(e_body) if e_body else None
    except ValueError:
        e_json = None
    if e_json is not None:
        try:
            a_json = json.loads(a_body)
        except ValueError:
            return problems + [f"body is not JSON: {a_body[:200]!r}"]
        if a_json != e_json:
            problems.append(f"JSON body differs:\n  expected {json.dumps(e_json)[:600]}\n  got      {json.dumps(a_json)[:600]}")
    else:
        for line in e_body.split("\n"):
            token = line.split(" ")[0] if not line.startswith("#") else line
            if token and token not in a_body:
                problems.append(f"body lacks {token!r}")
    return problems

def main():
    mode, path, port = sys.argv[1], sys.argv[2], sys.argv[3]
    text = open(path).read()
    examples = list(blocks(text))
    if not examples:
        print(f"no curl examples in {path}", file=sys.stderr)
        return 1
    if mode == "write":
        out, last = [], 0
        for start, end, command, _ in examples:
            actual = run(command, port)
            out.append(text[last:start])
            out.append(f"$ {command}\n{actual}\n")
            last = end
        out.append(text[last:])
        open(path, "w").write("".join(out))
        print(f"wrote {len(examples)} examples into {path}")
        return 0
    failures = 0
    for _, _, command, expected in examples:
        actual = run(command, port)
        problems = compare(command, expected, actual)
        if problems:
            failures += 1
            print(f"FAIL {command}")
            for p in problems:
                print(f"  {p}")
        else:
            print(f"ok   {command}")
    print(f"{len(examples) - failures}/{len(examples)} curl examples match the README")
    return 1 if failures else 0

if __name__ == "__main__":
    sys.exit(main())
