#!/usr/bin/env python3
"""Checks the manual (README.md, docs/*.md, Benchmarks/*/README.md) without running anything:

- every relative link resolves to a file, and a `#fragment` to a heading of that file (GitHub's slugs);
- every page under docs/ is linked from docs/README.md, the index;
- no command in a code block calls a bare `claim-scrubber`: a reader must see how the binary is reached
  (`swift run claim-scrubber ...`, `.build/release/claim-scrubber ...`, or the container's path);
- every CI step (.ci/steps/NN-*.sh) is in the table of docs/development.md;
- user-facing text (README.md, docs/, openapi.yaml) speaks of the product: no issue numbers, no notes about
  the machine the docs were written on, no benchmark targets (those stay in Benchmarks/*/README.md).

Usage: docs_check.py (from the repository root); exit 1 with one line per problem.
"""
import glob, os, re, sys

PAGES = ["README.md"] + sorted(glob.glob("docs/*.md")) + sorted(glob.glob("Benchmarks/*/README.md"))
USER_FACING = ["README.md", "openapi.yaml"] + sorted(glob.glob("docs/*.md"))
FORBIDDEN = [
    (re.compile(r"\bissues? #?\d+", re.I), "an issue number"),
    (re.compile(r"this (machine|box|host) is shared|on this (shared )?machine", re.I), "a note about this machine"),
    (re.compile(r"during development", re.I), "'during development'"),
    (re.compile(r"->\s*(met|missed)\b|\btarget\s*(>=|<=|<|>)", re.I), "a benchmark target (keep it in Benchmarks/*/README.md)"),
]
# A command word `claim-scrubber` at the start of a command: after `$ `, a pipe, `;`, `&&`, `$(`, `do`,
# `then`, or environment assignments. Paths (`.build/release/claim-scrubber`) and `swift run claim-scrubber`
# do not match; neither do names such as `claim-scrubber:0.1.0` or `deploy/claim-scrubber`.
BARE = re.compile(r"(?:^|[|;(]|&&|\bdo\b|\bthen\b)\s*(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*claim-scrubber(?=\s|$)")


def slug(heading):
    text = re.sub(r"[`*_]|\[|\]\([^)]*\)", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path):
    found, counts, fence = set(), {}, False
    for line in open(path, encoding="utf-8"):
        if line.lstrip().startswith("```"):
            fence = not fence
        elif not fence and re.match(r"#{1,6} ", line):
            s = slug(line.lstrip("#"))
            n = counts.get(s, 0)
            counts[s] = n + 1
            found.add(s if n == 0 else f"{s}-{n}")
    return found


def command_lines(text):
    """Command lines of the shell code blocks: in a block with `$ ` prompts the prompted lines and their
    continuations, in a block without prompts every line."""
    lines, number, fence, block = text.split("\n"), 0, None, []
    for number, line in enumerate(lines, 1):
        m = re.match(r"^\s*```(\w*)", line)
        if m and fence is None:
            fence, block = m.group(1), []
        elif m:
            if fence in ("console", "sh", "bash", "shell", ""):
                # A bare ``` block is output unless it has prompts.
                prompted = fence == "" or any(l.lstrip().startswith("$ ") for _, l in block)
                continued = False
                for n, l in block:
                    s = l.strip()
                    if not prompted or s.startswith("$ ") or continued:
                        yield n, s.removeprefix("$ ")
                    continued = (not prompted or s.startswith("$ ") or continued) and s.endswith("\\")
            fence = None
        elif fence is not None:
            block.append((number, line))


def main():
    problems = []
    for page in PAGES:
        text = open(page, encoding="utf-8").read()
        base = os.path.dirname(page)
        prose = re.sub(r"```.*?```", "", text, flags=re.S)
        for target in re.findall(r"\]\(([^)\s]+)\)", prose):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, fragment = target.partition("#")
            resolved = os.path.normpath(os.path.join(base, path)) if path else page
            if not os.path.exists(resolved):
                problems.append(f"{page}: link to {target}: {resolved} does not exist")
            elif fragment and resolved.endswith(".md") and fragment not in anchors(resolved):
                problems.append(f"{page}: link to {target}: no heading #{fragment} in {resolved}")
        for number, line in command_lines(text):
            if BARE.search(line):
                problems.append(f"{page}:{number}: `claim-scrubber` without how to reach it "
                                f"(write `swift run claim-scrubber ...`): {line}")
    index = open("docs/README.md", encoding="utf-8").read()
    for page in sorted(glob.glob("docs/*.md")):
        name = os.path.basename(page)
        if name != "README.md" and f"]({name}" not in index:
            problems.append(f"docs/README.md: does not link {page} (add it to the index)")
    development = open("docs/development.md", encoding="utf-8").read()
    for step in sorted(glob.glob(".ci/steps/[0-9]*.sh")):
        if f"| `{os.path.basename(step)}` |" not in development:
            problems.append(f"docs/development.md: the CI table does not list {os.path.basename(step)}")
    for path in USER_FACING:
        for number, line in enumerate(open(path, encoding="utf-8"), 1):
            for pattern, what in FORBIDDEN:
                if pattern.search(line):
                    problems.append(f"{path}:{number}: {what}: {line.strip()[:120]}")
    for p in problems:
        print(p)
    print(f"{len(PAGES)} pages checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
