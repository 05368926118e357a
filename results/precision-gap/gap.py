#!/usr/bin/env python3
"""How far a default run is from issue 8's precision targets, in rounds and seconds.

For each run: per workload, its bound (+-3 % for lookup-random, lookup-scan, alloc-free and
kmalloc-kfree, +-5 % for the rest), the ratios to legacy64 within it and the rounds its most
demanding ratio would take to get there at the run's own scatter, both from the harness
(`benchmarks compare RUN --precision --within B --format csv`, `Statistics.roundsFor`), the
seconds the workload took (from the run's log: its first round's line to the next
workload's; the run's total is the log's last line, which can be 0.1 s over the sidecar's
`wallSeconds`), and those seconds scaled by rounds-for-bound over rounds-run: what the run
would have taken with each workload's rounds scaled so far, at the same pace and scatter.

Counted by the larger side of each interval, as `compare` prints `+-`; results/TARGETS.md
counts half the whole width, which can count a few more within. Standard library only; run
from the project root after `swift build -c release`:

    python3 results/precision-gap/gap.py RUN.csv ...
"""
import csv, io, os, re, subprocess, sys

BENCH = os.path.join('.build', 'release', 'benchmarks')
TIGHT = {'lookup-random', 'lookup-scan', 'alloc-free', 'kmalloc-kfree'}
LINE = re.compile(r'^\[(\d+\.\d)s\] (\S+) \S+ round 1/\d+$')
END = re.compile(r' in (\d+\.\d)s;')


def precision(run, bound):
    out = subprocess.run([BENCH, 'compare', run, '--precision', '--within', str(bound), '--format', 'csv'],
                         capture_output=True, text=True, check=True).stdout
    return {r['workload']: r for r in csv.DictReader(io.StringIO(out))}


def seconds(log):
    """Per workload, seconds from its first round to the next workload's, and the run's total."""
    starts, total = [], None
    with open(log) as lines:
        for line in lines:
            m = LINE.match(line.strip())
            if m and (not starts or starts[-1][1] != m.group(2)):
                starts.append((float(m.group(1)), m.group(2)))
            e = END.search(line)
            if e:
                total = float(e.group(1))
    spans = {}
    for (t, w), nxt in zip(starts, starts[1:] + [(total, None)]):
        spans[w] = spans.get(w, 0) + nxt[0] - t
    return spans, total


def main():
    for run in sys.argv[1:]:
        tables = {3: precision(run, 3), 5: precision(run, 5)}
        spans, total = seconds(run[:-len('.csv')] + '.log')
        print(f'== {run}: {total:.1f} s')
        print(f'{"workload":18s} {"bound":>5s} {"within":>9s} {"rounds":>8s} {"x":>6s} {"s":>6s} {"scaled s":>9s}')
        within = ratios = 0
        scaled_total = 0.0
        for w, row in tables[5].items():
            r = tables[3 if w in TIGHT else 5][w]
            if not r['rounds_run']:
                print(f'{w:18s} no measured ratio')
                continue
            need, ran = float(r['rounds_for_bound']), int(r['rounds_run'])  # 'inf': past a million
            factor = max(need / ran, 1.0)
            within += int(r['within_bound']); ratios += int(r['with_interval'])
            s = spans.get(w, 0.0)
            scaled_total += s * factor
            print(f'{w:18s} {"3" if w in TIGHT else "5":>5s} {r["within_bound"]:>4s} of {r["with_interval"]:>3s} '
                  f'{need:>4.0f}/{ran:<3d} {factor:6.1f} {s:6.1f} {s * factor:9.1f}')
        rest = total - sum(spans.values())
        print(f'{"all":18s} {"":>5s} {within:>4d} of {ratios:>3d} {"":>8s} {scaled_total / (total - rest):6.1f} '
              f'{total:6.1f} {scaled_total + rest:9.1f}')


if __name__ == '__main__':
    main()
