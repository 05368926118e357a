#!/usr/bin/env python3
"""The A/B runs of ab.sh, run by run: wall time, rounds measured again, what the guest
reported to its host, ratios to legacy64 within issue 8's bounds and the rounds that would
take (`benchmarks compare --precision --within`, through ../precision-gap/gap.py), the median
over ratios of the standard deviation of their per-round log ratios (../paired_rounds.py), and
per workload the median seconds a round took (from the log's round lines, 0.1 s apart at
best), with reporting off over on in each pair. Run from the project root after `swift build
-c release`: python3 results/page-reporting/summary.py results/page-reporting/default"""
import collections, math, os, re, statistics, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'precision-gap'))
from paired_rounds import log_ratios
import gap

ROUND = re.compile(r'^\[(\d+\.\d)s\] (\S+ \S+) round \d+/\d+( again)?$')
STAMP = re.compile(r'^\[(\d+\.\d)s\]')


def round_seconds(log):
    """Per variant, the median time from a round's line (or its 'again') to the next line."""
    marks = []
    for line in open(log):
        line = line.rstrip('\n')
        m, s = ROUND.match(line), STAMP.match(line)
        if s:
            marks.append((float(s.group(1)), m.group(2) if m else None))
    _, total = gap.seconds(log)
    marks.append((total, None))
    spans = collections.defaultdict(list)
    for (t, variant), (t2, _) in zip(marks, marks[1:]):
        if variant:
            spans[variant].append(t2 - t)
    return {v: statistics.median(s) for v, s in spans.items()}


def scatter(samples):
    per = collections.defaultdict(list)
    for w, v, _, layout, x in log_ratios(samples):
        per[(w, v, layout)].append(x)
    return statistics.median(statistics.stdev(x) for x in per.values() if len(x) > 2)


def main(folder):
    reported = dict(line.split(' ', 1) for line in open(os.path.join(folder, 'reported.txt')))
    runs = list(reported)  # in the order they ran: on-1, off-1, on-2, ...
    for run in runs:
        base = os.path.join(folder, run)
        tables = {3: gap.precision(base + '.csv', 3), 5: gap.precision(base + '.csv', 5)}
        within = sum(int(tables[3 if w in gap.TIGHT else 5][w]['within_bound']) for w in tables[5])
        ratios = sum(int(r['with_interval']) for r in tables[5].values())
        _, total = gap.seconds(base + '.log')
        again = sum(bool(m and m.group(3)) for m in map(ROUND.match, open(base + '.log')))
        kib = int(reported[run].split()[-1])
        print(f'{run:6s} {total:6.1f} s, {again:2d} rounds again, {kib / 1048576:4.1f} GiB reported, '
              f'{within} of {ratios} within bound, median scatter {100 * scatter(base + ".samples.csv"):.2f} %')
    for on, off in zip(runs[0::2], runs[1::2]):
        a, b = (round_seconds(os.path.join(folder, r + '.log')) for r in (on, off))
        common = [v for v in a if v in b and a[v] > 0 and b[v] > 0]
        shorter = sum(b[v] < a[v] for v in common)
        by = collections.defaultdict(list)
        for v in common:
            by[v.split()[0]].append(math.log(b[v] / a[v]))
        print(f'{off}/{on}: a round took less with reporting off in {shorter} of {len(common)} variants; '
              'median off/on per workload: '
              + ', '.join(f'{w} {math.exp(statistics.median(x)):.2f}' for w, x in by.items()))


if __name__ == '__main__':
    main(sys.argv[1])
