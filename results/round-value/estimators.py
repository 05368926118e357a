#!/usr/bin/env python3
"""A round's value three ways, on committed samples files: the median of its repetitions
(the rule before ce4a7f6), their minimum, and the mean of their faster half (two of three,
three of five; the rule since). For each run the samples' `ns_per_op` is replaced by each
rule in a copy, and `benchmarks compare` (the harness's own paired t intervals) reads the
copy. Counted on compare's three-decimal figures, as results/TARGETS.md counts:
  - a run with a copy of a layout (`legacy64#2`, an A/A run): its intervals holding 1 and
    its estimates within 0.98-1.02;
  - any other run: its ratios to legacy64 within +-3 % (lookup-random, lookup-scan,
    alloc-free, kmalloc-kfree) or +-5 % (the rest and the replays), a half-width being
    (high - low) / 2 over the estimate;
  - for the minimum and the faster half, how far they move the ratios' estimates from the
    median's (the median over the run's ratios, and the largest; 0.1 % is the figures'
    resolution near 1) and how many land outside the median's intervals.
Run from the project root after `swift build -c release`; the files are the arguments:

    python3 results/round-value/estimators.py RUN.csv ...
"""
import csv, io, os, subprocess, sys, tempfile

BENCH = os.path.join('.build', 'release', 'benchmarks')
TIGHT = {'lookup-random', 'lookup-scan', 'alloc-free', 'kmalloc-kfree'}


def median(reps):
    return sorted(reps)[len(reps) // 2]


def minimum(reps):
    return min(reps)


def faster_half(reps):
    kept = sorted(reps)[:(len(reps) + 1) // 2]
    return sum(kept) / len(kept)


RULES = [('median', median), ('minimum', minimum), ('faster-half', faster_half)]


def ratios(csv_path, rule, scratch):
    """compare's ratios to legacy64, keyed by row, with the round values `rule` makes."""
    base = os.path.join(scratch, 'run')
    with open(csv_path) as src, open(base + '.csv', 'w') as dst:
        dst.write(src.read())
    with open(csv_path[:-len('.csv')] + '.samples.csv') as src, \
            open(base + '.samples.csv', 'w', newline='') as dst:
        reader = csv.DictReader(src)
        writer = csv.DictWriter(dst, fieldnames=reader.fieldnames)
        writer.writeheader()
        for row in reader:
            reps = [float(x) for x in row['rep_ns_per_op'].split()]
            if reps:
                row['ns_per_op'] = repr(rule(reps))
            writer.writerow(row)
    out = subprocess.run([BENCH, 'compare', base + '.csv', '--format', 'csv'],
                         capture_output=True, text=True, check=True).stdout
    found = {}
    for r in csv.DictReader(io.StringIO(out)):
        if r['layout'] in ('legacy64', 'jemalloc', 'floor') or not r['vs_legacy64_low']:
            continue
        key = (r['workload'], r['variant'], r['layout'], r['arena_bytes'])
        found[key] = tuple(float(r[k]) for k in ('vs_legacy64', 'vs_legacy64_low', 'vs_legacy64_high'))
    return found


def counts(found):
    if any(key[2].startswith('legacy64#') for key in found):
        hold = sum(lo <= 1 <= hi for _, lo, hi in found.values())
        near = sum(0.98 <= e <= 1.02 for e, _, _ in found.values())
        return f'{hold}/{near} of {len(found)}'
    within = sum((hi - lo) / 2 / e * 100 <= (3 if key[0] in TIGHT else 5) + 1e-9
                 for key, (e, lo, hi) in found.items())
    return f'{within} of {len(found)}'


def moves(old, new):
    shifts = sorted(abs(new[k][0] / old[k][0] - 1) for k in old)
    outside = sum(not (old[k][1] <= new[k][0] <= old[k][2]) for k in old)
    return f'{100 * shifts[len(shifts) // 2]:.1f} {100 * shifts[-1]:.1f} {outside}'


def main(paths):
    print('counts: A/A runs intervals holding 1 / estimates within 0.98-1.02; other runs ratios within bound')
    print('moves against the median: median and largest move (%), estimates outside its intervals')
    print('run'.ljust(50) + ''.join(name.rjust(14) for name, _ in RULES)
          + 'minimum moves'.rjust(18) + 'faster-half moves'.rjust(20))
    with tempfile.TemporaryDirectory() as scratch:
        for path in paths:
            found = {name: ratios(path, rule, scratch) for name, rule in RULES}
            print(path.ljust(50) + ''.join(counts(found[name]).rjust(14) for name, _ in RULES)
                  + moves(found['median'], found['minimum']).rjust(18)
                  + moves(found['median'], found['faster-half']).rjust(20))


if __name__ == '__main__':
    main(sys.argv[1:])
