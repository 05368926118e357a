#!/usr/bin/env python3
"""A round's value three ways, on the committed samples: the median of its repetitions
(what the runs were made with), their minimum, and the mean of their faster half (two of
three, three of five). For each run the samples' `ns_per_op` is replaced by each estimator
in a copy, and `benchmarks compare` (the harness's own paired t intervals) reads the copy.
Counts: default matrices, the ratios to legacy64 within +-3 % (lookup-random, lookup-scan,
alloc-free, kmalloc-kfree) or +-5 % (the rest); A/A runs, the intervals holding 1 and the
estimates within 0.98-1.02; replays, the ratios within +-5 %. A half-width is
(high - low) / 2 over the estimate, on compare's three-decimal figures, as results/TARGETS.md
counts them. The last column: how far the faster half moves the ratios' estimates from the
median's (median and largest), and how many land outside the median's interval. Run from the project root after `swift build -c release`:

    python3 results/round-value/estimators.py RUN.csv ... > results/round-value/estimators.txt
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


ESTIMATORS = [('median', median), ('minimum', minimum), ('faster-half', faster_half)]


def ratios(csv_path, samples_path, estimator, scratch):
    """compare's ratios to legacy64 with the rounds' values made by `estimator`."""
    base = os.path.join(scratch, 'run')
    with open(csv_path) as src, open(base + '.csv', 'w') as dst:
        dst.write(src.read())
    with open(samples_path) as src, open(base + '.samples.csv', 'w', newline='') as dst:
        reader = csv.DictReader(src)
        writer = csv.DictWriter(dst, fieldnames=reader.fieldnames)
        writer.writeheader()
        for row in reader:
            reps = [float(x) for x in row['rep_ns_per_op'].split()]
            if reps:
                row['ns_per_op'] = repr(estimator(reps))
            writer.writerow(row)
    out = subprocess.run([BENCH, 'compare', base + '.csv', '--format', 'csv'],
                         capture_output=True, text=True, check=True).stdout
    for r in csv.DictReader(io.StringIO(out)):
        if r['layout'] in ('legacy64', 'jemalloc', 'floor') or not r['vs_legacy64_low']:
            continue
        yield (r['workload'], r['variant'], r['layout']), float(r['vs_legacy64']), float(r['vs_legacy64_low']), float(r['vs_legacy64_high'])


def main(paths):
    print('run'.ljust(48) + ''.join(name.rjust(16) for name, _ in ESTIMATORS)
          + '  faster-half against median: median and largest move, estimates outside')
    with tempfile.TemporaryDirectory() as scratch:
        for path in paths:
            samples = path[:-len('.csv')] + '.samples.csv'
            aa = os.path.basename(path).startswith('aa')
            cells = []
            estimates = {}
            for name, estimator in ESTIMATORS:
                rows = list(ratios(path, samples, estimator, scratch))
                estimates[name] = {key: (e, lo, hi) for key, e, lo, hi in rows}
                if aa:
                    hold = sum(lo <= 1 <= hi for _, _, lo, hi in rows)
                    near = sum(0.98 <= e <= 1.02 for _, e, _, _ in rows)
                    cells.append(f'{hold}/{near} of {len(rows)}')
                else:
                    within = sum((hi - lo) / 2 / e * 100 <= (3 if key[0] in TIGHT else 5) + 1e-9
                                 for key, e, lo, hi in rows)
                    cells.append(f'{within} of {len(rows)}')
            # How far the faster half moves each estimate from the median's, and how many
            # land outside the median's interval.
            old, new = estimates['median'], estimates['faster-half']
            moves = sorted(abs(new[k][0] / old[k][0] - 1) for k in old)
            outside = sum(not (old[k][1] <= new[k][0] <= old[k][2]) for k in old)
            cells.append(f'{100 * moves[len(moves) // 2]:.2f} % {100 * moves[-1]:.1f} % {outside}')
            print(path.ljust(48) + ''.join(c.rjust(16) for c in cells))


if __name__ == '__main__':
    main(sys.argv[1:])
