#!/usr/bin/env python3
"""Counts, from the diagnostic runs' logs (alloc-free-interleaved-*.log, revision 26f2b44),
how an alloc-free order=0 row's loop moved with the page of the machine's struct. Each DIAG
line is one row timed alone after its round (ns per pair, the median of 41 batches after 10
warm ones): as the round left it, then five times the loop over a copy of the struct's bytes
on a new page followed by the row as left again, so each copy sits between two timings as
left. A copy moved by its frame differs from both neighbours by 1.3x or more while they
agree within 1.1x; a change in time shows as neighbours that disagree.

Usage: frames.py LOG..."""
import sys


def interleaved(values):
    asis, copies = values[0::2], values[1::2]
    moved = stable = 0
    for k, copy in enumerate(copies):
        before, after = asis[k], asis[k + 1]
        if max(before, after) <= 1.1 * min(before, after):
            stable += 1
            ratio = copy / ((before + after) / 2)
            moved += ratio >= 1.3 or ratio <= 1 / 1.3
    return moved, stable, sum(max(asis[k], asis[k + 1]) > 1.3 * min(asis[k], asis[k + 1]) for k in range(len(copies)))


for path in sys.argv[1:]:
    rows = moved = stable = shifts = 0
    for line in open(path):
        if not line.startswith("DIAG"):
            continue
        values = [float(v) for v in line.split()[4:]]
        rows += 1
        m, s, t = interleaved(values)
        moved += m; stable += s; shifts += t
    print(f"{path}: {rows} rows' rounds; of the {stable} copies between two timings as left that agree "
          f"within 1.1x, {moved} ran 1.3x faster or slower than them; {shifts} pairs of neighbouring "
          f"timings as left differ by 1.3x or more (a change in time)")
