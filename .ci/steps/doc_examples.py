#!/usr/bin/env python3
"""Runs the console examples of the manual's pages and checks their documented output.

A page opts in with the line `<!-- examples: checked -->`. In such a page every ```console block is an
example: a line starting with `$ ` is a command (a trailing backslash continues it on the next line), the
lines after it are its documented output, standard output and standard error together. The commands of
one block run in one bash, in order, so `$ echo $?` reports the exit status of the command before it.
Blocks fenced otherwise (```sh, ```text) are shown, not run.

  doc_examples.py check PORT BIN PAGE.md...   run every example, compare, exit 1 on any difference
  doc_examples.py write PORT BIN PAGE.md...   run every example and write the real output of each one that
                                              differs back into its page
  doc_examples.py pages FILE.md...            print the files that opted in

How a command runs: exactly as written, in a scratch directory holding a link to every top-level entry of
the repository (so `Config/examples/...` resolves and files an example creates stay out of the
repository), with `swift` on PATH a wrapper that runs `swift run [-c MODE] claim-scrubber ARGS` as the
already built binary BIN (what `swift run` would do after its build) and passes anything else to the real
swift. Servers: 127.0.0.1:8080 is the open server, 127.0.0.1:8081 the server with the API key
"example-key-123"; both are rewritten to PORT and PORT+1, where CI started them.

Comparison: the output of a command with curl and documented `-i` output or a JSON body is compared as
HTTP: the status line exactly, every documented header present with the same value (except Date, and
X-Request-ID when the example sent none), a JSON body equal to the documented one; any other body must
contain every documented line's first token (metric names with labels, YAML keys). Any other output is
compared line by line, where `…` inside a line matches any text and a line that is only `…` matches any
number of lines (for timings, timestamps and long outputs shortened on the page).
"""
import difflib, json, os, re, shutil, subprocess, sys, tempfile

MARKER = "<!-- examples: checked -->"
VOLATILE_HEADERS = {"date"}
END = "@@doc-example-end@@"


class Command:
    def __init__(self, page, line, text, expected, indent, out_start, out_end):
        self.page, self.line, self.text, self.expected = page, line, text, expected
        self.indent, self.out_start, self.out_end = indent, out_start, out_end  # output line range in the page


def parse(page, text):
    """The examples of a page: a list of blocks, each a list of Commands."""
    lines = text.split("\n")
    blocks, i = [], 0
    while i < len(lines):
        m = re.match(r"^(\s*)```console\s*$", lines[i])
        if not m:
            i += 1
            continue
        indent, i = m.group(1), i + 1
        block, current = [], None
        while i < len(lines) and lines[i].strip() != "```":
            raw = lines[i][len(indent):] if lines[i].startswith(indent) else lines[i].lstrip()
            if raw.startswith("$ "):
                start, command = i, raw[2:]
                while command.endswith("\\") and i + 1 < len(lines):
                    i += 1
                    nxt = lines[i][len(indent):] if lines[i].startswith(indent) else lines[i].lstrip()
                    command += "\n" + nxt
                current = Command(page, start + 1, command, [], indent, i + 1, i + 1)
                block.append(current)
            elif current is None:
                raise SystemExit(f"{page}:{i + 1}: a console block must start with a `$ ` command line")
            else:
                current.expected.append(raw)
                current.out_end = i + 1
            i += 1
        if i >= len(lines):
            raise SystemExit(f"{page}: unterminated console block")
        blocks.append(block)
        i += 1
    for block in blocks:
        for c in block:
            while c.expected and c.expected[-1] == "":
                c.expected.pop()
                c.out_end -= 1
    return blocks


def make_sandbox(repo, binary):
    work = tempfile.mkdtemp(prefix="doc-examples.")
    for name in os.listdir(repo):
        if name in (".git", ".build"):
            continue
        os.symlink(os.path.join(repo, name), os.path.join(work, name))
    tools = os.path.join(work, ".doc-examples-bin")
    os.mkdir(tools)
    real_swift = shutil.which("swift") or "/opt/swift/usr/bin/swift"
    wrapper = os.path.join(tools, "swift")
    with open(wrapper, "w") as f:
        f.write(f"""#!/usr/bin/env bash
# `swift run [-c MODE] claim-scrubber ARGS` runs the built binary; anything else is the real swift.
if [ "$1" = run ]; then
    args=("${{@:2}}")
    if [ "${{args[0]}}" = -c ]; then args=("${{args[@]:2}}"); fi
    if [ "${{args[0]}}" = claim-scrubber ]; then exec {binary!r} "${{args[@]:1}}"; fi
fi
exec {real_swift!r} "$@"
""")
    os.chmod(wrapper, 0o755)
    return work, tools


def run_block(block, port, work, tools):
    script = ["exec 2>&1", f"export PATH={tools!r}:\"$PATH\""]
    for c in block:
        command = c.text.replace("127.0.0.1:8080", f"127.0.0.1:{port}").replace("127.0.0.1:8081", f"127.0.0.1:{port + 1}")
        script.append(command)
        script.append(f"__rc=$?; printf '\\n%s\\n' '{END}'; (exit $__rc)")
    try:
        proc = subprocess.run(["bash", "-c", "\n".join(script)], cwd=work, capture_output=True, timeout=120,
                              stdin=subprocess.DEVNULL)
        out = proc.stdout.decode("utf-8", "replace").replace("\r\n", "\n")
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace") + "\n(timed out after 120 s)"
    parts = out.split(f"\n{END}\n")
    results = []
    for index in range(len(block)):
        results.append(parts[index].rstrip("\n") if index < len(parts) else "(not reached)")
    return results


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


def compare_http(command, expected, actual):
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


def text_pattern(expected_lines):
    pattern = ""
    for line in expected_lines:
        if line.strip() == "…":
            pattern += r"(?:[^\n]*\n)*?"
        else:
            pattern += r"[^\n]*".join(re.escape(piece) for piece in line.split("…")) + r"\n"
    return re.compile(pattern)


def compare_text(expected_lines, actual):
    if text_pattern(expected_lines).fullmatch(actual + "\n" if actual else ""):
        return []
    diff = list(difflib.unified_diff(expected_lines, actual.split("\n"), "documented", "actual", lineterm="", n=1))
    shown = diff[:40] + ([f"... ({len(diff) - 40} more diff lines)"] if len(diff) > 40 else [])
    return ["output differs (`…` in the documented lines matches any text):"] + ["  " + l for l in shown]


def keep_wildcards(expected_lines, actual):
    """The actual output as lines, keeping each documented line (with its `…`) that still matches the
    actual line in the same place, so a rewrite changes only what changed."""
    lines = actual.split("\n") if actual else []
    if len(lines) != len(expected_lines):
        return lines
    return [e if "…" in e and text_pattern([e]).fullmatch(a + "\n") else a for e, a in zip(expected_lines, lines)]


def compare(command, actual):
    expected = "\n".join(command.expected)
    is_http = re.search(r"(^|[\s|;(])curl\s", command.text) is not None
    if is_http and (expected.startswith("HTTP/") or expected.lstrip().startswith(("{", "["))):
        return compare_http(command.text, expected, actual)
    return compare_text(command.expected, actual)


def opted_in(paths):
    marker = re.compile("^" + re.escape(MARKER) + "$", re.M)
    return [p for p in paths if marker.search(open(p, encoding="utf-8").read())]


def main():
    mode = sys.argv[1]
    if mode == "pages":
        print("\n".join(opted_in(sys.argv[2:])))
        return 0
    port, binary, pages = int(sys.argv[2]), os.path.abspath(sys.argv[3]), sys.argv[4:]
    repo = os.getcwd()
    failures = total = 0
    for page in opted_in(pages):
        text = open(page, encoding="utf-8").read()
        blocks = parse(page, text)
        work, tools = make_sandbox(repo, binary)
        rewrites = []
        try:
            for block in blocks:
                for command, actual in zip(block, run_block(block, port, work, tools)):
                    total += 1
                    problems = compare(command, actual)
                    first = command.text.split("\n")[0]
                    if problems:
                        failures += 1
                        print(f"FAIL {page}:{command.line}: $ {first}")
                        for p in problems:
                            print(f"  {p}")
                        rewrites.append((command, actual))
                    else:
                        print(f"ok   {page}:{command.line}: $ {first[:110]}")
        finally:
            shutil.rmtree(work, ignore_errors=True)
        if mode == "write" and rewrites:
            lines = text.split("\n")
            for command, actual in sorted(rewrites, key=lambda r: -r[0].out_start):
                new = [command.indent + l if l else l for l in keep_wildcards(command.expected, actual)]
                lines[command.out_start:command.out_end] = new
            open(page, "w", encoding="utf-8").write("\n".join(lines))
            print(f"rewrote {len(rewrites)} outputs in {page}")
    print(f"{total - failures}/{total} console examples match their pages")
    if mode == "write":
        return 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
