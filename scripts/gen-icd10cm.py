#!/usr/bin/env python3
"""Generates Config/icd10cm/icd10cm-codes.txt, the ICD-10-CM code set embedded in claim-scrubber.

Source: the CDC/NCHS ICD-10-CM files (public domain) as carried by the PyPI wheel
simple-icd-10-cm 1.5.0. Only two of its data files are read, never its Python code:
  simple_icd_10_cm/data/code-list-April-2026.txt          every chapter, block and code (no dots)
  simple_icd_10_cm/data/icd10c-tabular-April-1-2026.xml   the tabular list (titles and instructional notes)

    pip download --no-deps simple-icd-10-cm==1.5.0 -d /tmp/icd10cm
    python3 scripts/gen-icd10cm.py /tmp/icd10cm/simple_icd_10_cm-1.5.0-py3-none-any.whl

Options:
  --out PATH          where to write the code set (default Config/icd10cm/icd10cm-codes.txt)
  --order-file PATH   also write an order file in the CMS fixed-width layout built from the same data
                      (for import tests and benchmarks; its short descriptions are the long ones cut at
                      60 characters, not CMS's abbreviations)
  --order-excerpt N   with --order-file: keep only every N-th code plus their headers and the codes named
                      with --keep (a small fixture that still holds consistent headers)
  --keep CODE,...     codes the excerpt must contain (their headers come with them)

What it writes (format icd10cm-codes 1, read by Sources/RuleData/ICD10CM/ICD10CMCodeSetFile.swift):
  '#' comment lines, then `format<TAB>icd10cm-codes 1`, `sha256<TAB>HEX` (SHA-256 of every byte after
  that line), `id`, `source`, `effective`, `through`, `codes<TAB>N`, then N lines `CODE<TAB>KIND` in
  ascending byte order; KIND is H (header: a category or subcategory with codes under it, not valid on a
  claim) or B (billable: a code with nothing under it), followed by M for a manifestation code.

Billable = leaf: a code is a header when another code of the list extends it (the list holds the codes
with their 7th characters, e.g. S72001A, so S72001 is a header). This gives 74,719 billable codes, the
published count of the FY2026 release.

Manifestation (ICD-10-CM Official Guidelines for Coding and Reporting FY2026, section I.A.13, the
etiology/manifestation convention): a code is flagged when both hold, each on the code itself or on a
category or subcategory above it in the tabular list:
  1. its title says "... classified elsewhere" (e.g. G63 Polyneuropathy in diseases classified
     elsewhere, F02.80 Dementia in other diseases classified elsewhere ..., R47.82 Fluency disorder in
     conditions classified elsewhere), except the infectious-agent codes B95-B97 ("... as the cause of
     diseases classified elsewhere"), which are supplementary codes, not manifestations; and
  2. it carries a "Code first" note (the sequencing instruction for the underlying condition).
Limits, documented in docs/icd10cm.md: a manifestation code whose title lacks the phrase (e.g. G46.-
Vascular syndromes of brain in cerebrovascular diseases) is not flagged, nor a code under such a title
without a code-first note anywhere above it (M14.6- Charcot's joint); a "Code first" note alone (e.g.
I50.- heart failure, L89.- pressure ulcers, N18.- chronic kidney disease) does not flag a code, because
section I.A.13 lets such codes be listed first when the underlying condition is not present.
"""
import argparse
import base64
import hashlib
import io
import os
import sys
import xml.etree.ElementTree as ET
import zipfile

# The release this generator is pinned to. A new release means new files in a new wheel: update the
# names, the digests (from the wheel's RECORD) and the release text and window together.
WHEEL = "simple-icd-10-cm 1.5.0"
CODE_LIST = "simple_icd_10_cm/data/code-list-April-2026.txt"
CODE_LIST_SHA256 = "31TZdDo0mfSk_BKILtt84Nl1tEraWiolWXqlbQwqwcQ"
TABULAR = "simple_icd_10_cm/data/icd10c-tabular-April-1-2026.xml"
TABULAR_SHA256 = "8WH4GCr_POOip44gL4JZwI6u4sZwqeRbAHJEXFIwKTU"
RELEASE_ID = "icd10cm-2026"
SOURCE = ("ICD-10-CM FY2026, April 1, 2026 release (CDC/NCHS tabular list and code list); "
          "manifestation flags derived from its titles and code-first notes")
# FY2026 runs October 1, 2025 to September 30, 2026. The April 1, 2026 files hold 74,719 billable codes,
# the count published for the October 1, 2025 release, so the embedded set claims the whole fiscal year.
EFFECTIVE = "2025-10-01"
THROUGH = "2026-09-30"
EXPECTED_BILLABLE = 74719


def read_inputs(path):
    """(code-list bytes, tabular bytes) from the wheel (a zip) or a directory holding the data files."""
    if os.path.isdir(path):
        def read(member):
            for candidate in (os.path.join(path, member), os.path.join(path, os.path.basename(member))):
                if os.path.exists(candidate):
                    with open(candidate, "rb") as f:
                        return f.read()
            sys.exit(f"gen-icd10cm: {path} holds no {os.path.basename(member)}")
        return read(CODE_LIST), read(TABULAR)
    with zipfile.ZipFile(path) as wheel:
        return wheel.read(CODE_LIST), wheel.read(TABULAR)


def check_digest(name, data, expected):
    actual = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    if actual != expected:
        sys.exit(f"gen-icd10cm: {name} has sha256 {actual}, not the pinned {expected} of {WHEEL}")


def code_list(data):
    """The codes (categories and below) in tabular order, without chapters, blocks or repeats."""
    text = data.decode("ascii").replace("\r\n", "\n").replace("\r", "\n")
    seen, codes = set(), []
    for line in text.split("\n"):
        code = line.strip()
        # Chapters are numbers, blocks are ranges (A00-A09); a block holding one category is listed
        # under the category's own name before it, so a repeated name is skipped.
        if not code or code.isdigit() or "-" in code or code in seen:
            continue
        if not (3 <= len(code) <= 7 and code[0].isalpha() and code.isalnum() and code.upper() == code):
            sys.exit(f"gen-icd10cm: unexpected entry {code!r} in the code list")
        seen.add(code)
        codes.append(code)
    return codes


def tabular(data):
    """name (no dot) -> (title, has a code-first note, parent name or None)."""
    root = ET.fromstring(data)
    nodes = {}

    def walk(diag, parent):
        name = diag.findtext("name").replace(".", "")
        nodes[name] = (diag.findtext("desc") or "", diag.find("codeFirst") is not None, parent)
        for child in diag.findall("diag"):
            walk(child, name)

    for chapter in root.findall("chapter"):
        for section in chapter.findall("section"):
            for diag in section.findall("diag"):
                walk(diag, None)
    return nodes


def ancestry(code, nodes):
    """The tabular entries of `code` and every category above it, nearest first. A code with a 7th
    character (S72001A) is not in the tabular list itself: its nearest listed prefix stands for it."""
    key = code
    while key not in nodes:
        key = key[:-1]
        if not key:
            sys.exit(f"gen-icd10cm: {code} has no entry in the tabular list")
    chain = []
    while key is not None:
        chain.append(nodes[key])
        key = nodes[key][2]
    return chain


def is_manifestation(code, nodes):
    chain = ancestry(code, nodes)
    titled = any("classified elsewhere" in title and "as the cause of" not in title for title, _, _ in chain)
    return titled and any(code_first for _, code_first, _ in chain)


def kinds(codes, nodes):
    ordered = sorted(codes)
    result = {}
    for i, code in enumerate(ordered):
        header = i + 1 < len(ordered) and ordered[i + 1].startswith(code)
        result[code] = ("H" if header else "B") + ("M" if is_manifestation(code, nodes) else "")
    return ordered, result


def code_set_text(ordered, kind):
    billable = sum(1 for c in ordered if kind[c].startswith("B"))
    manifestation = sum(1 for c in ordered if kind[c] == "BM")
    body = io.StringIO()
    body.write(f"id\t{RELEASE_ID}\nsource\t{SOURCE}\neffective\t{EFFECTIVE}\nthrough\t{THROUGH}\n")
    body.write(f"codes\t{len(ordered)}\n")
    for code in ordered:
        body.write(f"{code}\t{kind[code]}\n")
    payload = body.getvalue().encode("ascii")
    header = (
        "# ICD-10-CM code set embedded in claim-scrubber: codes and flags only (no descriptions).\n"
        "# ICD-10-CM is public domain (CDC/NCHS; distributed by CMS).\n"
        f"# Release: ICD-10-CM FY2026 as of the April 1, 2026 update; it claims FY2026, {EFFECTIVE} through {THROUGH}.\n"
        f"# Generated by scripts/gen-icd10cm.py from the data files of the PyPI wheel {WHEEL}:\n"
        f"#   {os.path.basename(CODE_LIST)}, {os.path.basename(TABULAR)}.\n"
        f"# {len(ordered)} codes: {billable} billable (B), {len(ordered) - billable} headers (H);\n"
        f"# {manifestation} billable codes flagged M (manifestation, ICD-10-CM Official Guidelines section I.A.13).\n"
        "# Do not edit: the loader checks the sha256 line, which covers every byte after it.\n"
        "format\ticd10cm-codes 1\n"
        f"sha256\t{hashlib.sha256(payload).hexdigest()}\n"
    )
    return header.encode("ascii") + payload, billable, manifestation


def description(code, nodes):
    title = ancestry(code, nodes)[0][0]
    return title if code in nodes else f"{title}, 7th character {code[-1]}"


def order_lines(codes, kind, nodes, every, keep):
    """(order number, code, flag, short, long) in tabular order; with `every`, an excerpt: every N-th
    billable code and the `keep` codes, each with the headers above it (so every header keeps a code
    under it and its flag stays true)."""
    chosen = set(codes)
    if every:
        for code in keep:
            if kind.get(code, "H").startswith("H"):
                sys.exit(f"gen-icd10cm: --keep {code} is not a billable code")
        leaves = [c for c in codes if kind[c].startswith("B")]
        chosen = {code[:k] for code in set(leaves[::every]) | set(keep)
                  for k in range(3, len(code) + 1) if code[:k] in kind}
    rows = []
    for number, code in enumerate(codes, start=1):
        if code in chosen:
            long = description(code, nodes)
            rows.append((number, code, "0" if kind[code].startswith("H") else "1", long[:60], long))
    return rows


def write_order_file(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        for number, code, flag, short, long in rows:
            f.write(f"{number:05d} {code:<7} {flag} {short:<60} {long}\r\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheel", help="the simple-icd-10-cm 1.5.0 wheel, or a directory holding its two data files")
    parser.add_argument("--out", default=os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "Config", "icd10cm", "icd10cm-codes.txt")))
    parser.add_argument("--order-file")
    parser.add_argument("--order-excerpt", type=int, default=0)
    parser.add_argument("--keep", default="")
    args = parser.parse_args()

    list_bytes, tabular_bytes = read_inputs(args.wheel)
    check_digest(CODE_LIST, list_bytes, CODE_LIST_SHA256)
    check_digest(TABULAR, tabular_bytes, TABULAR_SHA256)
    codes = code_list(list_bytes)
    nodes = tabular(tabular_bytes)
    ordered, kind = kinds(codes, nodes)
    text, billable, manifestation = code_set_text(ordered, kind)
    if billable != EXPECTED_BILLABLE:
        sys.exit(f"gen-icd10cm: {billable} billable codes, expected {EXPECTED_BILLABLE}")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "wb") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(args.out)}: {len(ordered)} codes, {billable} billable, {manifestation} billable manifestation codes, {len(text)} bytes")
    if args.order_file:
        keep = [k for k in args.keep.split(",") if k]
        rows = order_lines(codes, kind, nodes, args.order_excerpt, keep)
        write_order_file(args.order_file, rows)
        print(f"wrote {args.order_file}: {len(rows)} lines")


if __name__ == "__main__":
    main()
