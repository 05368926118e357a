#!/usr/bin/env python3
"""The A/B runs of ab.sh, run by run: wall time, rounds measured again, what the guest
reported to its host, ratios to legacy64 within issue 8's bounds and the rounds that would
take (`benchmarks compare --precision --within`, through ../precision-gap/gap.py), the median
over ratios of the standard deviation of their per-round log ratios (../paired_rounds.py), and
per workload the seconds its rounds took (from the log's round lines, measured again ones
included), with reporting off over on in each pair; and the timed values themselves, off
against on (`benchmarks compare ON.csv OFF.csv`: the median new/old over the rows, and the rows
it calls changed either way). Run from the project root after `swift build
-c release`: python3 results/page-reporting/summary.py results/page-reporting/default"""
import collections, csv, io, os, re, statistics, subprocess, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'precision-gap'))
from paired_rounds import log_ratios
import gap

ROUND = re.compile(r'^\[(\d+\.\d)s\] (\S+ \S+) round \d+/\d+( again)?$')
STAMP = re.compile(r'^\[(\d+\.\d)s\]')


def round_seconds(log):
    """Per variant, the seconds its rounds took, measured again ones included: each from its
    round's line (or its 'again') to the log's next line, added up (the stamps are 0.1 s
    apart, a round of alloc-free 0.7 s: sums, not single rounds, resolve them)."""
    marks = []
    with open(log) as lines:
        for line in lines:
            line = line.rstrip('\n')
            m, s = ROUND.match(line), STAMP.match(line)
            if s:
                marks.append((float(s.group(1)), m.group(2) if m else None))
    _, total = gap.seconds(log)
    marks.append((total, None))
    spans = collections.defaultdict(float)
    for (t, variant), (t2, _) in zip(marks, marks[1:]):
        if variant:
            spans[variant] += t2 - t
    return spans


def scatter(samples):
    per = collections.defaultdict(list)
    for w, v, _, layout, x in log_ratios(samples):
        per[(w, v, layout)].append(x)
    return statistics.median(statistics.stdev(x) for x in per.values() if len(x) > 2)


def main(folder):
    with open(os.path.join(folder, 'reported.txt')) as lines:
        reported = dict(line.split(' ', 1) for line in lines)
    runs = list(reported)  # in the order they ran: on-1, off-1, on-2, ...
    for run in runs:
        base = os.path.join(folder, run)
        tables = {3: gap.precision(base + '.csv', 3), 5: gap.precision(base + '.csv', 5)}
        within = sum(int(tables[3 if w in gap.TIGHT else 5][w]['within_bound']) for w in tables[5])
        ratios = sum(int(r['with_interval']) for r in tables[5].values())
        _, total = gap.seconds(base + '.log')
        with open(base + '.log') as lines:
            again = sum(bool(m and m.group(3)) for m in map(ROUND.match, lines))
        kib = int(reported[run].split()[-1])
        print(f'{run:6s} {total:6.1f} s, {again:2d} rounds again, {kib / 1048576:4.1f} GiB reported, '
              f'{within} of {ratios} within bound, median scatter {100 * scatter(base + ".samples.csv"):.2f} %')
    for first, second in zip(runs[0::2], runs[1::2]):
        on, off = (first, second) if first.startswith('on') else (second, first)
        a, b = (round_seconds(os.path.join(folder, r + '.log')) for r in (on, off))
        common = [v for v in a if v in b and a[v] > 0 and b[v] > 0]
        shorter = sum(b[v] < a[v] for v in common)
        by = collections.defaultdict(lambda: [0.0, 0.0])
        for v in common:
            by[v.split()[0]][0] += a[v]
            by[v.split()[0]][1] += b[v]
        print(f'{off}/{on}: the rounds of a variant took less with reporting off in {shorter} of {len(common)}; '
              'off/on per workload: ' + ', '.join(f'{w} {off_s / on_s:.2f}' for w, (on_s, off_s) in by.items()))
        # The timed values themselves, not only their ratios to legacy64 (which cancel what
        # slows every layout alike): compare's old -> new per row, a Mann-Whitney test on the rounds.
        out = subprocess.run([gap.BENCH, 'compare', os.path.join(folder, on + '.csv'), os.path.join(folder, off + '.csv'),
                              '--format', 'csv'], capture_output=True, text=True, check=True).stdout
        rows = [r for r in csv.DictReader(io.StringIO(out)) if r['ratio']]
        faster = sum(r['changed'] == 'true' and float(r['ratio']) < 1 for r in rows)
        slower = sum(r['changed'] == 'true' and float(r['ratio']) > 1 for r in rows)
        print(f'{off}/{on}: ns per operation, off/on, median over {len(rows)} rows '
              f'{statistics.median(float(r["ratio"]) for r in rows):.3f}; changed: {faster} faster, {slower} slower')


if __name__ == '__main__':
    main(sys.argv[1])
