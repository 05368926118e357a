"""Which machine of a round made `kmalloc-kfree`'s slow rounds, in runs made before the
machines of a round shared one place in their page (85e5ca5): the position of the slow
round's layout in the round's shuffled creation order (`BenchmarkRunner.measureRound`:
`WorkloadRandom(seed: seed + round * 0x9e37).shuffled(layouts)`, recomputed here).
Usage: python3 creation-order.py SAMPLES.csv[:SEED] ...  (default seed 1)."""
import csv, collections, statistics, sys

M = (1 << 64) - 1
LAYOUTS = ['legacy64', 'legacy64-hvo', 'twoword16', 'chead16', 'twoword16-freemem', 'chead16-freemem',
           'twoword16-bitmap', 'chead16-bitmap', 'interim32', 'memdesc8', 'memdesc8-freemem', 'memdesc8-bitmap']

class WorkloadRandom:  # xorshift64*, as Harness/WorkloadRandom.swift
    def __init__(self, seed): self.state = ((seed * 0x9E3779B97F4A7C15) & M) | 1
    def next(self):
        x = self.state; x ^= x >> 12; x ^= (x << 25) & M; x ^= x >> 27; self.state = x
        return (x * 0x2545F4914F6CDD1D) & M
    def below(self, n): return (self.next() * n) >> 64
    def shuffled(self, items):
        items = list(items)
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1); items[i], items[j] = items[j], items[i]
        return items

for arg in sys.argv[1:]:
    path, seed = (arg.split(':') + ['1'])[:2]
    rows = collections.defaultdict(dict)
    for r in csv.DictReader(open(path)):
        if r['workload'] == 'kmalloc-kfree' and r['layout'] in LAYOUTS:
            rows[(r['layout'], r['variant'])][int(r['round'])] = float(r['ns_per_op'])
    print(f'== {path} (seed {seed})')
    for variant in sorted({v for _, v in rows}):
        places = collections.Counter()
        for (layout, v), rounds in rows.items():
            if v != variant: continue
            median = statistics.median(rounds.values())
            for rnd, ns in rounds.items():
                if ns > 1.2 * median:
                    order = WorkloadRandom((int(seed) + rnd * 0x9e37) & M).shuffled(LAYOUTS)
                    places[(order.index(layout) + 1, 'even' if rnd % 2 == 0 else 'odd')] += 1
        print(f'  {variant}: rounds over 1.2x their row median by (place made, round):', dict(places.most_common()))
