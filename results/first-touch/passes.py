#!/usr/bin/env python3
"""LOG...: per log and layout, events=all passes of the build trace: mean ms and faults a pass."""
import re, collections, sys, statistics as st
for f in sys.argv[1:]:
    variant = None; d = collections.defaultdict(lambda: collections.defaultdict(lambda: [0, 0]))
    rnd = 0
    for line in (open(f) if not f.endswith('.gz') else __import__('gzip').open(f, 'rt')):
        m = re.match(r'\[[\d.]+s\] trace (\S+) round (\d+)', line)
        if m: variant = m.group(1).split('events=')[1]; rnd = int(m.group(2)); continue
        m = re.match(r'TURN (\S+) ops=(\d+) first=(\d+) count=(\d+) ns=(\d+) faults=(\d+)', line)
        if m and variant == 'all' and 'OnMachine' in m.group(1):
            t = m.group(1)
            d[t][rnd][0] += int(m.group(5)); d[t][rnd][1] += int(m.group(6))
            d[t].setdefault('passes', collections.Counter())
            if int(m.group(3)) == 0: d[t]['passes'][rnd] += 1
    print(f)
    for t, v in sorted(d.items()):
        rounds = [r for r in v if isinstance(r, int)]
        ms = [v[r][0] / 1e6 / v['passes'][r] for r in rounds]; fl = [v[r][1] / v['passes'][r] for r in rounds]
        print('  %-45s %6.1f ms a pass (%s)  %6.0f faults a pass' % (t.replace('Replay<', '').replace(',OnMachine>', ''), st.mean(ms), ' '.join('%.1f' % x for x in ms), st.mean(fl)))
