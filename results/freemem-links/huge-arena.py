#!/usr/bin/env python3
"""--huge-arena against the default, from a clean clone (hv.sh): the trace-plain-N and
trace-huge-N runs alternate. For each run and each layout with its links in free memory,
the paired per-round ratio to chead16 (geometric mean, 95 % t interval over the run's
rounds) and the layout's own ns per operation; then the runs of each kind pooled by run
(the unit), huge against plain with Welch's t over the runs' log means.
"""
import csv, glob, math, os, statistics as st

T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179]
t = lambda df: T975[min(max(int(df), 1), len(T975)) - 1]
here = os.path.dirname(os.path.abspath(__file__))
runs = {}
for path in sorted(glob.glob(os.path.join(here, "trace-*-[0-9].samples.csv"))):
    kind, n = os.path.basename(path)[len("trace-"):].split(".")[0].rsplit("-", 1)
    ns = {}
    for r in csv.DictReader(open(path)):
        ns[(r["layout"], r["variant"], r["round"])] = float(r["ns_per_op"])
    for (layout, variant, rd), v in ns.items():
        if layout.endswith("-freemem") and ("events=all" in variant or "events=pages" in variant):
            base = ns.get(("chead16", variant, rd))
            if base:
                sel = variant.split(";", 1)[1]
                runs.setdefault((sel, layout), {}).setdefault((kind, n), []).append((math.log(v / base), math.log(v)))
for (sel, layout), by_run in sorted(runs.items()):
    print(f"{sel} {layout} / chead16")
    means = {}
    for (kind, n), xs in sorted(by_run.items()):
        lr = [x[0] for x in xs]; own = [x[1] for x in xs]
        m, h = st.mean(lr), t(len(lr) - 1) * st.stdev(lr) / math.sqrt(len(lr))
        means.setdefault(kind, []).append(m)
        print(f"  {kind}-{n}: {math.exp(m):.3f} [{math.exp(m - h):.3f}, {math.exp(m + h):.3f}]"
              f"  own {math.exp(st.mean(own)):.1f} ns ({len(lr)} rounds)")
    if len(means.get("huge", [])) > 1 and len(means.get("plain", [])) > 1:
        a, b = means["huge"], means["plain"]
        va, vb = st.variance(a) / len(a), st.variance(b) / len(b)
        d = st.mean(a) - st.mean(b)
        df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1)) if va + vb > 0 else 1
        h = t(df) * math.sqrt(va + vb)
        print(f"  huge against plain: {math.exp(d):.3f} [{math.exp(d - h):.3f}, {math.exp(d + h):.3f}] ({df:.1f} df, runs the unit)")
