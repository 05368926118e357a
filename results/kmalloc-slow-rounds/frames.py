#!/usr/bin/env python3
"""Counts, from a diagnostic run's log (results/kmalloc-slow-rounds/frames-*.log), the
frame configurations in which the kmalloc-kfree size=64 batch=16 loop ran at least 1.8x
its fastest configuration of the same round: with the machine's fields loaded in the loop
(the code of c84a254) and with them held by the batch (`hoisted`, the code of the fix).
Usage: frames.py LOG"""
import re, sys
rows = steps = slow_loaded = slow_hoisted = natural = natural_cured = natural_same = 0
for line in open(sys.argv[1]):
    if not line.startswith("DIAG") or "steps=" not in line:
        continue
    fields = dict(p.split("=", 1) for p in line.split()[2:] if "=" in p)
    values = [re.match(r"(\w+):([\d.]+)/([\d.]+)", s).groups() for s in fields["steps"].split(",")]
    loaded = [float(v[1]) for v in values]
    hoisted = [float(v[2]) for v in values]
    rows += 1
    steps += len(values)
    slow_loaded += sum(x > 1.8 * min(loaded) for x in loaded)
    slow_hoisted += sum(x > 1.8 * min(hoisted) for x in hoisted)
    # The round's own frames, as the round was timed: slow, and cured by which move.
    asis, moved, same = float(fields["asis"]), float(fields["moved"]), float(fields["sameframe"])
    if asis > 1.8 * min(loaded):
        natural += 1
        natural_cured += moved < 1.3 * min(loaded)
        natural_same += same > 1.8 * min(loaded)
print(f"{rows} rounds' rows, {steps} frame configurations (the round's own, 7 new object frames, 1 new machine frame)")
print(f"loaded from the machine: {slow_loaded} slow ({100 * slow_loaded / steps:.1f} %)")
print(f"held by the batch:       {slow_hoisted} slow ({100 * slow_hoisted / steps:.1f} %)")
print(f"rows slow as timed in their round: {natural}; of them fast with the machine's struct copied to a new page: "
      f"{natural_cured}; still slow with the machine's page moved to another address, its frame kept: {natural_same}")
