#!/usr/bin/env python3
"""The -freemem layout's replay cost against chead16's, per condition of ab.sh.

Usage: ratios.py [FOLDER] (default ab, the build trace's runs). For each run: the per-round
ratio chead16-freemem / chead16 (both timed in the same round), for the trace's events=all
and events=pages, and the run's geometric mean of them. Per condition: the geometric mean
over its runs, and against `none` (the model as committed) the ratio of the two with a 95 %
interval from Welch's t on the runs' log means. The run is the unit of inference: rounds of
one run share its process and its hour, and their ratios scatter less within a run than
between runs.
"""
import csv, glob, math, os, statistics as st, sys

# Student's t, 97.5th percentile, by degrees of freedom.
T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086]

def t975(df):
    return T975[min(max(int(math.floor(df)), 1), len(T975)) - 1]

folder = sys.argv[1] if len(sys.argv) > 1 else "ab"
here = os.path.dirname(os.path.abspath(__file__))
runs = {}  # (events, condition) -> {run: [(log ratio, freemem ns, chead16 ns)]}
for path in sorted(glob.glob(os.path.join(here, folder, "*-[0-9].samples.csv"))):
    cond, run = os.path.basename(path).split(".")[0].rsplit("-", 1)
    ns = {}
    for r in csv.DictReader(open(path)):
        events = dict(kv.split("=", 1) for kv in r["variant"].split(";"))["events"]
        ns[(r["layout"], events, r["round"])] = float(r["ns_per_op"])
    for events in ("all", "pages"):
        for rd in sorted({k[2] for k in ns if k[1] == events}):
            a, b = ns.get(("chead16-freemem", events, rd)), ns.get(("chead16", events, rd))
            if a and b:
                runs.setdefault((events, cond), {}).setdefault(run, []).append((math.log(a / b), a, b))

def run_means(events, cond):
    return [st.mean(x[0] for x in v) for _, v in sorted(runs[(events, cond)].items())]

for events in ("all", "pages"):
    print(f"events={events}: chead16-freemem / chead16 (geometric means of the rounds' ratios)")
    base = run_means(events, "none")
    for cond in ("none", "huge", "colour", "both"):
        per_run = runs[(events, cond)]
        means = run_means(events, cond)
        rounds = [x for v in per_run.values() for x in v]
        fm = math.exp(st.mean(math.log(x[1]) for x in rounds)); ch = math.exp(st.mean(math.log(x[2]) for x in rounds))
        # chead16-freemem's own ns/op: its runs' log means, with a 95 % t interval over runs.
        own = [st.mean(math.log(x[1]) for x in v) for _, v in sorted(per_run.items())]
        h = t975(len(own) - 1) * st.stdev(own) / math.sqrt(len(own))
        each = " ".join(f"{math.exp(m):.3f}" for m in means)
        line = (f"  {cond:7} {math.exp(st.mean(means)):.3f}  runs: {each}  ({len(rounds)} rounds; ns/op {fm:.1f} "
                f"[{math.exp(st.mean(own) - h):.1f}, {math.exp(st.mean(own) + h):.1f}] and {ch:.1f})")
        if cond != "none":
            d = st.mean(means) - st.mean(base)
            va, vb = st.variance(means) / len(means), st.variance(base) / len(base)
            df = (va + vb) ** 2 / (va ** 2 / (len(means) - 1) + vb ** 2 / (len(base) - 1))
            h = t975(df) * math.sqrt(va + vb)
            line += f"; against none {math.exp(d):.3f} [{math.exp(d - h):.3f}, {math.exp(d + h):.3f}] ({df:.1f} df)"
        print(line)
