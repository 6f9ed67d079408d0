#!/usr/bin/env python3
"""verify-scrub.py CLAIM RESPONSE [EXPECTED|-] [OFFLINE|-]: checks a POST /v1/claims/scrub answer.

- RESPONSE is a JSON object for this claim: same claimId, one result line per claim line, a status;
- EXPECTED (a <claim>.expected.json beside the claim), when given: every field it lists has the
  same value in RESPONSE;
- OFFLINE (what `claim-scrubber check -` of the same image printed for the same claim), when given:
  the served result equals the offline engine's, field by field (fields only the server adds are
  ignored).
Prints the first difference by JSON pointer and exits 1, or exits 0."""
import json
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from importlib import import_module

diff = import_module("compare-json").diff


def load(path):
    with open(path) as f:
        return json.load(f)


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    claim, response = load(sys.argv[1]), load(sys.argv[2])
    if not isinstance(response, dict):
        print("verify-scrub: the answer is not a JSON object", file=sys.stderr)
        return 1
    if "claimId" in claim and response.get("claimId") != claim["claimId"]:
        print(f"verify-scrub: claimId {response.get('claimId')!r}, expected {claim['claimId']!r}", file=sys.stderr)
        return 1
    if not isinstance(response.get("lines"), list) or len(response["lines"]) != len(claim.get("lines", [])):
        print("verify-scrub: /lines does not have one entry per claim line", file=sys.stderr)
        return 1
    if "status" not in response:
        print("verify-scrub: /status missing", file=sys.stderr)
        return 1
    for label, path in (("expected", sys.argv[3] if len(sys.argv) > 3 else "-"),
                        ("offline check", sys.argv[4] if len(sys.argv) > 4 else "-")):
        if path == "-":
            continue
        problem = diff(load(path), response)
        if problem:
            print(f"verify-scrub: differs from the {label} result at {problem}", file=sys.stderr)
            return 1
        print(f"verify-scrub: matches the {label} result")
    return 0


if __name__ == "__main__":
    sys.exit(main())
