#!/usr/bin/env python3
"""TWELVE.log PATH.log (turn-faults.patch): per layout, the build trace's events=all turns by
piece in the two runs: mean ms and faults, and the least-squares line of the difference in ms
against the faults (intercept in ms, µs a fault with its 95 % interval over the 16 pieces)."""
import re, collections, sys, statistics as st
import numpy as np
from scipy import stats
def load(f):
    variant = None; d = collections.defaultdict(lambda: collections.defaultdict(list))
    for line in open(f):
        m = re.match(r'\[[\d.]+s\] trace (\S+) round', line)
        if m: variant = m.group(1).split('events=')[1]; continue
        m = re.match(r'TURN (\S+) ops=(\d+) first=(\d+) count=(\d+) ns=(\d+) faults=(\d+)', line)
        if m and variant == 'all' and 'OnMachine' in m.group(1):
            d[m.group(1)][int(m.group(3))].append((int(m.group(5)), int(m.group(6))))
    return d
a, b = load(sys.argv[1]), load(sys.argv[2])
for t in b:
    print(t.replace('Replay<', '').replace(',OnMachine>', ''))
    xs, ys = [], []
    for k in range(16):
        ta = st.mean(v[0] for v in a[t][k]) / 1e6; tb = st.mean(v[0] for v in b[t][k]) / 1e6
        fa = st.mean(v[1] for v in a[t][k]); fb = st.mean(v[1] for v in b[t][k])
        xs.append((fa + fb) / 2); ys.append(ta - tb)
        print('  piece %2d  twelve layouts %6.2f ms %4.0f faults | path %6.2f ms %4.0f faults | %+6.2f ms' % (k, ta, fa, tb, fb, ta - tb))
    r = stats.linregress(xs, ys); tq = stats.t.ppf(0.975, len(xs) - 2)
    print('  a pass: %+.1f ms; line: %+.2f ms + %.1f us a fault [%.1f, %.1f]' % (sum(ys), r.intercept, r.slope * 1e3,
          (r.slope - tq * r.stderr) * 1e3, (r.slope + tq * r.stderr) * 1e3))
