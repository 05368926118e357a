#!/usr/bin/env python3
"""How two runs of the same matrix agree on their ratios to legacy64, as the README's
"Results on this machine" counts it: of the ratios both runs have, how many each resolves
(interval excluding 1), how many the two resolve in opposite directions, how many pairs of
intervals are disjoint, and the least X such that at least 90 % of |log(estimate A /
estimate B)| are within X. Counted on `benchmarks compare`'s three-decimal figures (run from
the project root after `swift build -c release`). Usage: results/agreement.py A.csv B.csv"""
import csv, math, subprocess, sys

def ratios(path):
    out = subprocess.run([".build/release/benchmarks", "compare", path, "--format", "csv"],
                         capture_output=True, text=True, check=True).stdout
    found = {}
    for row in csv.DictReader(out.splitlines()):
        if row["layout"] == "legacy64" or not row["vs_legacy64"]:
            continue
        key = (row["workload"], row["variant"], row["layout"], row["arena_bytes"])
        found[key] = tuple(float(row[k]) for k in ("vs_legacy64", "vs_legacy64_low", "vs_legacy64_high"))
    return found

def main(a_path, b_path):
    a, b = ratios(a_path), ratios(b_path)
    keys = sorted(a.keys() & b.keys())
    side = lambda r: 1 if r[1] > 1 else -1 if r[2] < 1 else 0
    opposite = [k for k in keys if side(a[k]) * side(b[k]) < 0]
    disjoint = [k for k in keys if a[k][1] > b[k][2] or b[k][1] > a[k][2]]
    moves = sorted(abs(math.log(a[k][0] / b[k][0])) for k in keys)
    print(f"{len(keys)} ratios in both; resolved {sum(side(a[k]) != 0 for k in keys)} and "
          f"{sum(side(b[k]) != 0 for k in keys)}; opposite {len(opposite)}; disjoint {len(disjoint)}; "
          f"90 % of |log(A/B)| within {moves[math.ceil(0.9 * len(moves)) - 1]:.3f}")
    for k in opposite:
        print("opposite:", *k[:3], a[k], b[k])

if __name__ == "__main__":
    main(*sys.argv[1:3])
