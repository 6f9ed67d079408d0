#!/usr/bin/env python3
"""compare-json.py EXPECTED ACTUAL: exit 0 when every field EXPECTED lists has the same value in
ACTUAL (objects compared key by key, recursively; arrays and scalars exactly). Fields only ACTUAL
has (request ids, timings) are ignored. Prints the first difference by JSON pointer."""
import json
import sys


def diff(expected, actual, pointer=""):
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{pointer or '/'}: expected an object, got {json.dumps(actual)[:200]}"
        for key, value in expected.items():
            child = f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"
            if key not in actual:
                return f"{child}: missing"
            problem = diff(value, actual[key], child)
            if problem:
                return problem
        return None
    if expected != actual:
        return f"{pointer or '/'}: expected {json.dumps(expected)[:200]}, got {json.dumps(actual)[:200]}"
    return None


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1]) as f:
        expected = json.load(f)
    with open(sys.argv[2]) as f:
        actual = json.load(f)
    problem = diff(expected, actual)
    if problem:
        print(f"compare-json: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
