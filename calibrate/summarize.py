#!/usr/bin/env python3
"""Prints a Markdown table of testdata/calibration/measurements.jsonl (used for calibrate/README.md)
and runs sanity checks on the numbers.

    python3 calibrate/summarize.py [FILE]
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(HERE), "testdata", "calibration",
                                                          "measurements.jsonl")
rows = [json.loads(l) for l in open(path) if l.strip()]


def gib(m):
    return f"{m / 1024:.2f}"


print("| id | params | trainable | OOM | steps | torch alloc GiB | torch reserved GiB | NVML peak GiB | NVML − reserved MiB |")
print("|---|---:|---:|:-:|---:|---:|---:|---:|---:|")
problems = []
for d in rows:
    r = d["result"]
    diff = r["nvml_peak_mib"] - r["torch_max_reserved_mib"]
    print(f"| `{d['id']}` | {r['params'] / 1e6:.1f}M | {r['trainable_params'] / 1e6:.1f}M | "
          f"{'**yes**' if r['oom'] else ''} | {r['steps']} | {gib(r['torch_max_allocated_mib'])} | "
          f"{gib(r['torch_max_reserved_mib'])} | {gib(r['nvml_peak_mib'])} | {diff} |")
    if r["error"] and not r["oom"]:
        problems.append(f"{d['id']}: error {r['error'][:200]}")
    if not r["oom"] and d["case"]["model"] and r["steps"] < 2:
        problems.append(f"{d['id']}: only {r['steps']} steps")
    if r["nvml_peak_mib"] < r["torch_max_reserved_mib"] and not r["oom"]:
        problems.append(f"{d['id']}: nvml peak {r['nvml_peak_mib']} < reserved {r['torch_max_reserved_mib']}")
    if r["torch_max_reserved_mib"] < r["torch_max_allocated_mib"]:
        problems.append(f"{d['id']}: reserved < allocated")
print()
n_oom = sum(1 for d in rows if d["result"]["oom"])
print(f"{len(rows)} cases, {n_oom} OOM, {len(problems)} flagged", file=sys.stderr)
for p in problems:
    print("FLAG", p, file=sys.stderr)
