#!/usr/bin/env python3
"""How far a run's per-round ratios to legacy64 stray, in rounds whose host-probe reading for
legacy64 is within 1.1x the lowest of its CPU in the run ("low") and over it ("high"; the
harness's own rule keeps a running lowest, which this after-the-fact one only approximates):
per workload, the median over all its layout rounds of |log(round ratio) - that row's median
log ratio|, and the 95 % half-width a t interval over ROUNDS rounds would have with that
spread (s = 1.4826 x the median deviation). Deviations from a median of the row's own few
rounds understate the spread (by about a fifth at six rounds, normal data), so the
half-width is a lower bound. Usage: results/round-spread.py RUN.samples.csv [ROUNDS (default 6)]"""
import collections, math, statistics, sys
from paired_rounds import log_ratios, t975

path, rounds = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 6
if rounds < 2:
    sys.exit("round-spread.py: ROUNDS must be at least 2")
dev = collections.defaultdict(lambda: ([], []))  # workload -> (quiet, contended) of (row, log ratio)
for w, v, contended, layout, x in log_ratios(path):
    dev[w][contended].append(((v, layout), x))
t = t975(rounds - 1)
print(f"workload            low:   n  |dev|   ±% at {rounds}   high:      n  |dev|   ±% at {rounds}")
for w, (quiet, cont) in sorted(dev.items()):
    per_row = collections.defaultdict(list)
    for k, x in quiet + cont: per_row[k].append(x)
    med = {k: statistics.median(x) for k, x in per_row.items()}
    cols = []
    for part in (quiet, cont):
        d = [abs(x - med[k]) for k, x in part]
        m = statistics.median(d) if d else 0.0
        cols.append(f"{len(d):5d}  {m:.3f}  ±{100 * t * 1.4826 * m / math.sqrt(rounds):4.1f}")
    print(f"{w:18s} {cols[0]}        {cols[1]}")
