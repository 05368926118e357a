#!/usr/bin/env python3
"""--huge-arena against the default (ab.sh's runs, plain-N and huge-N alternating, in the
folder given). For each run, each variant and each layout: the paired per-round ratio to
legacy64 (geometric mean, 95 % t interval over the run's rounds) and legacy64's own ns an
operation; then, runs the unit, huge against plain with Welch's t over the runs' log means,
for the ratios and for legacy64's own time. Usage: ab.py DIR.
"""
import csv, glob, math, os, statistics as st, sys

T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179]
t = lambda df: T975[min(max(int(df), 1), len(T975)) - 1]


def interval(xs):
    m = st.mean(xs)
    h = t(len(xs) - 1) * st.stdev(xs) / math.sqrt(len(xs))
    return m, h


def welch(a, b):
    va, vb = st.variance(a) / len(a), st.variance(b) / len(b)
    d = st.mean(a) - st.mean(b)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1)) if va + vb > 0 else 1
    return d, t(df) * math.sqrt(va + vb), df


def show(label, by_kind):
    for kind in ('plain', 'huge'):
        cells = [f'{math.exp(m):.3f} [{math.exp(m - h):.3f}, {math.exp(m + h):.3f}]' for m, h in by_kind.get(kind, [])]
        print(f'  {label} {kind}: ' + '; '.join(cells))
    a, b = [m for m, _ in by_kind.get('huge', [])], [m for m, _ in by_kind.get('plain', [])]
    if len(a) > 1 and len(b) > 1:
        d, h, df = welch(a, b)
        verdict = 'resolved' if abs(d) > h else 'no difference resolved'
        print(f'  {label} huge / plain: {math.exp(d):.3f} [{math.exp(d - h):.3f}, {math.exp(d + h):.3f}]'
              f' ({df:.1f} df, runs the unit; {verdict})')


def main(folder):
    runs = {}
    for path in sorted(glob.glob(os.path.join(folder, '*-[0-9].samples.csv'))):
        kind, n = os.path.basename(path).split('.')[0].rsplit('-', 1)
        ns = {(r['layout'], r['variant'], r['round']): float(r['ns_per_op']) for r in csv.DictReader(open(path))}
        runs[(kind, n)] = ns
    variants = sorted({v for ns in runs.values() for (_, v, _) in ns})
    layouts = sorted({l for ns in runs.values() for (l, _, _) in ns} - {'legacy64', 'jemalloc'})
    for variant in variants:
        print(variant)
        own = {}
        for (kind, n), ns in sorted(runs.items()):
            xs = [math.log(v) for (l, vv, _), v in ns.items() if l == 'legacy64' and vv == variant]
            own.setdefault(kind, []).append(interval(xs))
        show('legacy64 ns', own)
        for layout in layouts:
            by_kind = {}
            for (kind, n), ns in sorted(runs.items()):
                xs = [math.log(v / ns[('legacy64', vv, rd)]) for (l, vv, rd), v in ns.items()
                      if l == layout and vv == variant and ('legacy64', vv, rd) in ns]
                if len(xs) > 1:  # rows measured in another group are not paired
                    by_kind.setdefault(kind, []).append(interval(xs))
            show(f'{layout} / legacy64', by_kind)


if __name__ == '__main__':
    main(sys.argv[1])
