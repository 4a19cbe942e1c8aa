#!/usr/bin/env python3
"""Runs every `kabar eval … --format json` listed in tests/eval/floors.json and fails when a
headline figure drops under its floor. Entries whose data (../shared) is missing are skipped
with a message. Usage: check-floors.py KABAR_BINARY [NAME...]"""
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def dig(obj, dotted):
    for key in dotted.split("."):
        if not isinstance(obj, dict) or key not in obj:
            return None
        obj = obj[key]
    return obj


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    binary = sys.argv[1]
    only = set(sys.argv[2:])
    spec = json.load(open(os.path.join(ROOT, "tests", "eval", "floors.json")))
    failures, ran, skipped = [], 0, 0
    for e in spec["evals"]:
        if only and e["name"] not in only:
            continue
        needs = e.get("needs")
        if needs and not os.path.exists(os.path.join(ROOT, needs)):
            print(f"skipped  {e['name']:16} ({needs} not found)")
            skipped += 1
            continue
        t0 = time.time()
        p = subprocess.run([binary, "eval", *e["args"], "--format", "json"], cwd=ROOT,
                           capture_output=True, text=True)
        if p.returncode != 0:
            failures.append(f"{e['name']}: kabar eval exited {p.returncode}: {p.stderr.strip()}")
            continue
        ran += 1
        figures = json.loads(p.stdout)
        cells = []
        for key, floor in e["floors"].items():
            value = dig(figures, key)
            target = e.get("target", {}).get(key)
            mark = "ok"
            if not isinstance(value, (int, float)):
                failures.append(f"{e['name']}: no figure {key} in the JSON")
                mark = "MISSING"
            elif value + 1e-9 < floor:
                failures.append(f"{e['name']}: {key} = {value:.4f} is under its floor {floor}")
                mark = "FAIL"
            shown = f"{value:.4f}" if isinstance(value, (int, float)) else "-"
            extra = f" (target {target})" if target is not None else ""
            cells.append(f"{key}={shown} floor {floor}{extra} {mark}")
        print(f"{e['name']:16} {time.time() - t0:5.1f}s  " + "; ".join(cells))
    for f in failures:
        print("FLOOR:", f)
    if failures:
        return 1
    if ran == 0 and skipped:
        print("every evaluation was skipped: ../shared is not beside the checkout")
        return 77
    return 0


if __name__ == "__main__":
    sys.exit(main())
