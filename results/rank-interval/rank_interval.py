#!/usr/bin/env python3
"""Median half-width, per workload, of each layout's ratio to legacy64 as a rank-based
interval: the Hodges-Lehmann estimate of the paired per-round log ratios with its exact 95 %
Wilcoxon signed-rank interval, instead of the harness's mean with a Student-t interval.
Standard library only. Usage: rank_interval.py results/reference.samples.csv"""
import csv, math, statistics, sys
from collections import defaultdict

def signed_rank_cut(n, alpha=0.05):
    """Walsh averages to cut from each end: the largest k with P(T < k) <= alpha / 2."""
    counts = [1] + [0] * (n * (n + 1) // 2)
    for r in range(1, n + 1):
        for t in range(len(counts) - 1, r - 1, -1):
            counts[t] += counts[t - r]
    total, below, k = 2 ** n, 0, 0
    while below + counts[k] <= alpha / 2 * total:
        below += counts[k]
        k += 1
    return k

def hodges_lehmann(x):
    walsh = sorted((x[i] + x[j]) / 2 for i in range(len(x)) for j in range(i, len(x)))
    k = signed_rank_cut(len(x))
    return statistics.median(walsh), walsh[k], walsh[len(walsh) - 1 - k]

rounds = defaultdict(lambda: defaultdict(dict))
for row in csv.DictReader(open(sys.argv[1])):
    rounds[(row["workload"], row["variant"])][row["layout"]][int(row["round"])] = float(row["ns_per_op"])
widths = defaultdict(list)
holding = total = 0
for (workload, _), layouts in rounds.items():
    base = layouts.get("legacy64")
    if not base:
        continue
    for layout, values in layouts.items():
        if layout in ("legacy64", "floor", "jemalloc"):
            continue
        x = [math.log(values[r] / base[r]) for r in base if r in values]
        if len(x) < 5:
            continue
        estimate, low, high = hodges_lehmann(x)
        widths[workload].append((math.exp(high) - math.exp(low)) / 2 / math.exp(estimate) * 100)
        holding += low <= 0 <= high
        total += 1
for workload, w in widths.items():
    print(f"{workload}: median ±{statistics.median(w):.1f} % (max ±{max(w):.1f}), {len(w)} ratios")
print(f"intervals holding 1: {holding} of {total}")
