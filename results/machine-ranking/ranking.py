#!/usr/bin/env python3
"""Instructions, data references and simulated misses per operation (ranking.csv, cachegrind)
beside the ns per operation of two runs of the default matrix, and each layout's ratio to
legacy64 in both. Usage (from the project root):
  git show 3f6199c:results/reference.csv > intel-reference.csv
  results/machine-ranking/ranking.py results/reference.csv intel-reference.csv"""
import csv, json, sys

here = sys.argv[0].rsplit('/', 1)[0]
amd, intel = sys.argv[1], sys.argv[2]

def times(path):
    return {(r['workload'], r['variant'], r['layout']): float(r['ns_per_op']) for r in csv.DictReader(open(path))}

counts = {}
for r in csv.DictReader(open(f'{here}/ranking.csv')):
    counts[(r['workload'].removeprefix('cachegrind-'), r['variant'], r['layout'])] = json.loads(r['counters'])
a, i = times(amd), times(intel)
print('| workload, variant | layout | instructions | data refs | D1 misses | AMD ns | Intel ns | '
      'instructions vs legacy64 | AMD vs legacy64 | Intel vs legacy64 | AMD ns/instruction | Intel ns/instruction |')
print('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
for key, c in counts.items():
    w, v, l = key
    base = (w, v, 'legacy64')
    print(f"| `{w} {v.removeprefix('state=half-full').lstrip(';') or 'state=half-full'}` | `{l}` "
          f"| {c['instructions_per_op']:.1f} | {c['d_refs_per_op']:.1f} | {c['d1_misses_per_op']:.2f} "
          f"| {a[key]:.1f} | {i[key]:.1f} | {c['instructions_per_op'] / counts[base]['instructions_per_op']:.2f}x "
          f"| {a[key] / a[base]:.2f}x | {i[key] / i[base]:.2f}x "
          f"| {a[key] / c['instructions_per_op']:.3f} | {i[key] / c['instructions_per_op']:.3f} |")
