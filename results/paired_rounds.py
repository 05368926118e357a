"""The paired rounds of a run's samples file and the host probe's verdict on each, for the
scripts beside it (round-spread.py, host-probe/contended-bias.py)."""
import collections, csv, math

# Student's t, 97.5th percentile, by degrees of freedom 1..40 (more: 40's, slightly wide).
T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
        2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
        2.060, 2.056, 2.052, 2.048, 2.045, 2.042, 2.040, 2.037, 2.035, 2.032, 2.030, 2.028,
        2.026, 2.024, 2.023, 2.021]


def t975(df):
    """Student's t for a 95 % two-sided interval with df degrees of freedom (df >= 1)."""
    return T975[min(df, len(T975)) - 1]


def log_ratios(path):
    """Yields (workload, variant, contended, layout, log ratio to legacy64 in that round) for
    every layout of every round that has legacy64 and a probe reading; floors, jemalloc and
    legacy64 itself are not yielded. A round is contended when legacy64's reading
    (host_compute_ns) is over 1.1x the lowest of its CPU in the file: the harness keeps a
    running lowest, which this after-the-fact rule only approximates."""
    rows = list(csv.DictReader(open(path)))
    low = collections.defaultdict(lambda: math.inf)
    for r in rows:
        if r['host_compute_ns']: low[r['cpu']] = min(low[r['cpu']], float(r['host_compute_ns']))
    rounds = collections.defaultdict(dict)
    for r in rows: rounds[(r['workload'], r['variant'], r['round'])][r['layout']] = r
    for (workload, variant, _), by_layout in rounds.items():
        base = by_layout.get('legacy64')
        if not base or not base['host_compute_ns']: continue
        contended = float(base['host_compute_ns']) > 1.1 * low[base['cpu']]
        for layout, r in by_layout.items():
            if layout in ('legacy64', 'jemalloc') or layout.startswith('floor'): continue
            yield workload, variant, contended, layout, math.log(float(r['ns_per_op']) / float(base['ns_per_op']))
