#!/usr/bin/env python3
"""Do contended rounds move the ratios a run reports? In RUN.samples.csv a round is contended
when legacy64's host-probe reading (host_compute_ns) is over 1.1x the lowest of its CPU in the
file (the harness keeps a running lowest; this after-the-fact rule only approximates it). For
each variant with both kinds of round, the mean over its layouts (not legacy64, floors or
jemalloc) of the difference between the mean log ratio to legacy64 in its contended rounds and
in its quiet ones; per workload, the mean of those over its variants with a t interval across
variants (a variant's layouts share their rounds, so the variant is the unit). Positive: the
layouts sat further above legacy64 in contended rounds.
Usage: contended-bias.py RUN.samples.csv"""
import collections, csv, math, statistics, sys

T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
        2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086]  # by degrees of freedom 1..20
rows = list(csv.DictReader(open(sys.argv[1])))
low = collections.defaultdict(lambda: math.inf)
for r in rows:
    if r['layout'] == 'legacy64' and r['host_compute_ns']:
        low[r['cpu']] = min(low[r['cpu']], float(r['host_compute_ns']))
by = collections.defaultdict(dict)
for r in rows: by[(r['workload'], r['variant'], r['round'])][r['layout']] = r
per_variant = collections.defaultdict(lambda: collections.defaultdict(lambda: ([], [])))
for (w, v, _), d in by.items():
    base = d.get('legacy64')
    if not base or not base['host_compute_ns']: continue
    contended = float(base['host_compute_ns']) > 1.1 * low[base['cpu']]
    for layout, r in d.items():
        if layout in ('legacy64', 'jemalloc') or layout.startswith('floor'): continue
        per_variant[(w, v)][layout][contended].append(
            math.log(float(r['ns_per_op']) / float(base['ns_per_op'])))
by_workload = collections.defaultdict(list)
for (w, v), layouts in per_variant.items():
    diffs = [statistics.mean(c) - statistics.mean(q) for q, c in layouts.values() if q and c]
    if diffs: by_workload[w].append(statistics.mean(diffs))
print(f"{'workload':20s} variants  contended vs quiet, % [95 % interval]")
for w, ds in sorted(by_workload.items()):
    m = statistics.mean(ds)
    if len(ds) < 2:
        print(f"{w:20s} {len(ds):8d}  {100 * (math.exp(m) - 1):+6.1f}"); continue
    h = T975[min(len(ds) - 1, len(T975)) - 1] * statistics.stdev(ds) / math.sqrt(len(ds))
    pct = lambda x: 100 * (math.exp(x) - 1)
    print(f"{w:20s} {len(ds):8d}  {pct(m):+6.1f} [{pct(m - h):+6.1f}, {pct(m + h):+6.1f}]")
every = [d for ds in by_workload.values() for d in ds]
if len(every) >= 2:
    m = statistics.mean(every)
    h = T975[min(len(every) - 1, len(T975)) - 1] * statistics.stdev(every) / math.sqrt(len(every))
    pct = lambda x: 100 * (math.exp(x) - 1)
    print(f"{'every variant':20s} {len(every):8d}  {pct(m):+6.2f} [{pct(m - h):+6.2f}, {pct(m + h):+6.2f}]"
          f"  (median {pct(statistics.median(every)):+.1f})")
