#!/usr/bin/env python3
"""Per-turn times of a replay run made with diagnostic.patch (one TURN line per turn of a
batch over 100,000 operations): for each batch type and selection, every turn's ns per
operation in the order they ran, with the stack place (bytes; 0 throughout when pinned)
and the minor page faults of the turn. Usage: turns.py LOG [OPS_PER_SELECTION=NAME ...]"""
import sys, collections

names = {"1180227": "all", "311672": "pages", "371650": "slab", "743300": "slab, 2 batches",
         "496905": "lookups"}  # the build trace's selections, by operations per batch
turns = collections.defaultdict(list)
for line in open(sys.argv[1]):
    if not line.startswith("TURN"):
        continue
    parts = line.split()
    fields = dict(kv.split("=", 1) for kv in parts[2:])
    key = (parts[1], names.get(fields["ops"], fields["ops"]))
    turns[key].append((int(fields["ns"]) / int(fields["ops"]), int(fields["place"]), int(fields["minflt"])))
for (kind, selection), ts in turns.items():
    ns = [t[0] for t in ts]
    print(f"{kind} events={selection}: {len(ts)} turns, {min(ns):.1f} to {max(ns):.1f} ns/op")
    print("   ns/op  " + " ".join(f"{t[0]:.0f}" for t in ts))
    print("   place  " + " ".join(str(t[1]) for t in ts))
    print("   faults " + " ".join(str(t[2]) for t in ts))
