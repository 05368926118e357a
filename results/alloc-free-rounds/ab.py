#!/usr/bin/env python3
"""Reads the runs ab.sh wrote (FOLDER/PLAN-N.csv) with the harness's own `benchmarks compare`
(run from the project root after `swift build -c release`) and prints, per run, for
alloc-free's orders 0 and 3 and for order 9 apart: the ratios to legacy64 within +-3 % of
their estimate, the median and widest half-width, and the seconds the run spent on those rows
(from its log's round lines). Usage: ab.py FOLDER"""
import csv, glob, os, re, statistics, subprocess, sys

def ratios(path):
    out = subprocess.run([".build/release/benchmarks", "compare", path, "--format", "csv"],
                         capture_output=True, text=True, check=True).stdout
    for row in csv.DictReader(out.splitlines()):
        if row["layout"] == "legacy64" or not row["vs_legacy64"]:
            continue
        estimate, low, high = (float(row[k]) for k in ("vs_legacy64", "vs_legacy64_low", "vs_legacy64_high"))
        yield int(re.search(r"order=(\d+)", row["variant"]).group(1)), (high - low) / 2 / estimate

def seconds(log):
    """Seconds from each round line to the next, summed by order."""
    spent, last = {}, None
    for line in open(log):
        m = re.match(r"\[(\d+\.\d)s\] alloc-free \S*order=(\d+)", line) or re.match(r"\[(\d+\.\d)s\]()", line)
        if not m:
            continue
        t = float(m.group(1))
        if last:
            spent[last[1]] = spent.get(last[1], 0) + t - last[0]
        last = (t, int(m.group(2)) if m.group(2) else None)
    return spent

def order(path):
    """Runs in the order ab.sh made them."""
    plan, n = os.path.basename(path).split(".")[0].rsplit("-", 1)
    return n, ["r6", "r12", "r12-4ms"].index(plan) if plan in ("r6", "r12", "r12-4ms") else 9

def main(folder):
    print(f"{'run':10s} {'orders 0, 3: within':>20s} {'median':>7s} {'widest':>7s} {'s':>6s}   {'order 9: within':>16s} {'median':>7s} {'widest':>7s} {'s':>6s}")
    for path in sorted(glob.glob(os.path.join(folder, "*.csv")), key=order):
        if path.endswith(".samples.csv") or "wrote " not in open(path[:-4] + ".log").read():
            continue  # a run still going, or stopped
        found = list(ratios(path))
        spent = seconds(path[:-4] + ".log")
        cells = []
        for orders in ((0, 3), (9,)):
            widths = sorted(w for o, w in found if o in orders)
            within = sum(w <= 0.03 for w in widths)
            cells.append(f"{within:>3d} of {len(widths):<3d}".rjust(20 if orders == (0, 3) else 16)
                         + f" {100 * statistics.median(widths):6.1f}% {100 * widths[-1]:6.1f}%"
                         + f" {sum(spent.get(o, 0) for o in orders):6.1f}")
        print(f"{os.path.basename(path)[:-4]:10s} " + "   ".join(cells))

if __name__ == "__main__":
    main(sys.argv[1])
