#!/usr/bin/env python3
"""Do contended rounds move the ratios a run reports? (A round is contended by the
after-the-fact rule of ../paired_rounds.py: legacy64's host-probe reading over 1.1x the lowest
of its CPU in the file.) For each variant with both kinds of round, the mean over its
layouts (not legacy64, floors or jemalloc) of the difference between the mean log ratio to
legacy64 in its contended rounds and in its quiet ones; per workload, and over every variant,
the mean of those with a Student-t interval across variants (a variant's layouts share their
rounds, so the variant is the unit).
Positive: the layouts sat further above legacy64 in the contended rounds. Each file is named
with its sidecar's CPU model, and a last table lists every file's figure over all variants.
Usage: contended-bias.py RUN.samples.csv..."""
import collections, json, math, os, statistics, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from paired_rounds import log_ratios, t975  # noqa: E402

def pct(x): return 100 * (math.exp(x) - 1)

def interval(ds):
    """Mean of the log differences with its 95 % t interval, as percentages; None under 2."""
    if len(ds) < 2: return None
    m = statistics.mean(ds)
    h = t975(len(ds) - 1) * statistics.stdev(ds) / math.sqrt(len(ds))
    return f"{pct(m):+6.2f} [{pct(m - h):+6.2f}, {pct(m + h):+6.2f}]"

def by_workload(path):
    """workload -> the per-variant differences of mean log ratio, contended minus quiet."""
    ratios = collections.defaultdict(lambda: collections.defaultdict(lambda: ([], [])))
    for w, v, contended, layout, x in log_ratios(path):
        ratios[(w, v)][layout][contended].append(x)
    result = collections.defaultdict(list)
    for (w, _), layouts in ratios.items():
        diffs = [statistics.mean(c) - statistics.mean(q) for q, c in layouts.values() if q and c]
        if diffs: result[w].append(statistics.mean(diffs))
    return result

def cpu_model(path):
    try: return json.load(open(path.replace('.samples.csv', '.csv.meta.json')))['cpuModel']
    except (OSError, KeyError, ValueError): return '?'

summary = []
for path in sys.argv[1:]:
    workloads = by_workload(path)
    every = [d for ds in workloads.values() for d in ds]
    print(f"== {path} ({cpu_model(path)})")
    print(f"{'workload':20s} variants  contended vs quiet, % [95 % interval]")
    for w, ds in sorted(workloads.items()):
        print(f"{w:20s} {len(ds):8d}  {interval(ds) or f'{pct(ds[0]):+6.2f}'}")
    print(f"{'every variant':20s} {len(every):8d}  {interval(every) or '(fewer than 2 variants)'}\n")
    summary.append((path, cpu_model(path), len(every), interval(every) or '(fewer than 2 variants)'))
print("== every file, every variant: variants, contended vs quiet, % [95 % interval]")
for path, cpu, n, text in summary:
    print(f"{path:68s} {cpu[:5]:5s} {n:3d}  {text}")
