#!/usr/bin/env python3
"""What weir says about each hand-written repro of docs/audit/repros (issue 17).

    scripts/audit_repros.py [--weir target/release/weir]

Prints one line per repro: how many breaking, warning and info findings `weir diff base.yaml
revision.yaml` gives, and their rules. Each repro's README says what weir should say; run this
before and after a verdict fix to see which classes moved. Standard library only.
"""

import argparse
import collections
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPROS = os.path.join(ROOT, "docs", "audit", "repros")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--weir", default=os.path.join(ROOT, "target", "release", "weir"))
    args = parser.parse_args()
    weir = os.path.abspath(args.weir)
    print("| repro | breaking | warning | info | rules |")
    print("|---|---:|---:|---:|---|")
    for name in sorted(os.listdir(REPROS)):
        folder = os.path.join(REPROS, name)
        if not os.path.isdir(folder):
            continue
        done = subprocess.run([weir, "diff", "base.yaml", "revision.yaml", "--format", "json"],
                              cwd=folder, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"{name}: weir exited {done.returncode}: {done.stderr.strip()[:300]}")
        changes = json.loads(done.stdout)["changes"]
        levels = collections.Counter(change["level"] for change in changes)
        rules = collections.Counter(f"{change['rule']} ({change['level']})" for change in changes)
        listed = ", ".join(f"{rule} ×{count}" if count > 1 else rule for rule, count in sorted(rules.items()))
        print(f"| {name} | {levels['breaking']} | {levels['warning']} | {levels['info']} | {listed or '—'} |")


if __name__ == "__main__":
    main()
