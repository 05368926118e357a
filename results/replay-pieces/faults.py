#!/usr/bin/env python3
"""Minor page faults in the timed repetitions, by batch type and operations a batch, from a
run made with faults.patch (one SUBJECT line per row and round): faults per millisecond of
timed batches, the types with any first. Usage: faults.py LOG"""
import sys, collections
total = collections.defaultdict(lambda: [0, 0, 0, 0])  # turns, batches, ns, faults
for line in open(sys.argv[1]):
    if not line.startswith("SUBJECT"):
        continue
    parts = line.split()
    f = dict(kv.split("=", 1) for kv in parts[2:])
    t = total[(parts[1], int(f["opsPerBatch"]))]
    for i, k in enumerate(("turns", "batches", "ns", "faults")):
        t[i] += int(f[k])
rows = sorted(total.items(), key=lambda kv: -kv[1][3] / max(kv[1][2], 1))
print("faults  per ms  timed ms  type (operations a batch)")
for (kind, ops), (turns, batches, ns, faults) in rows:
    if faults == 0:
        continue
    print(f"{faults:7d} {faults / (ns / 1e6):7.2f} {ns / 1e6:9.1f}  {kind} ({ops})")
none = [k for k, v in total.items() if v[3] == 0]
print(f"{len(none)} of {len(total)} batch types took no fault in their timed repetitions")
