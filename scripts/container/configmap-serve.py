#!/usr/bin/env python3
"""configmap-serve.py DEPLOY_DIR OUT_DIR: writes what the Deployment's pods would see of
deploy/configmap.yaml: OUT_DIR/claim-scrubber.json (the mounted file) and OUT_DIR/env (the
environment from claim-scrubber-env, one VAR=VALUE a line, with /etc/claim-scrubber/ paths
rewritten into OUT_DIR)."""
import pathlib
import sys

import yaml


def main():
    deploy, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    maps = {doc["metadata"]["name"]: doc.get("data", {})
            for doc in yaml.safe_load_all((deploy / "configmap.yaml").read_text()) if doc}
    (out / "claim-scrubber.json").write_text(maps["claim-scrubber-config"]["claim-scrubber.json"])
    lines = []
    for name, value in maps["claim-scrubber-env"].items():
        value = str(value).replace("/etc/claim-scrubber/", f"{out}/")
        lines.append(f"{name}={value}")
    (out / "env").write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
