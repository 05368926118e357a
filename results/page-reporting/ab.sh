#!/usr/bin/env bash
# Does the guest's free page reporting move the timed rows? The same workloads, alternating
# reporting as the guest has it (page_reporting_order as found, 9 here) and held off
# (page_reporting_order 11, past the largest order, so no free block qualifies), RUNS runs
# each, from a clean clone. reported_kib's growth over each run goes to reported.txt. The
# order found is put back on exit, however the script ends. Each pair runs `on` first, or
# `off` first with FIRST=off.
# Usage: [FIRST=off] ab.sh CLONE OUTDIR RUNS WORKLOAD... (CLONE from scripts/clean-clone REV; root)
set -euo pipefail
clone=$1 out=$(realpath -m "$2") runs=$3
shift 3
knob=/sys/module/page_reporting/parameters
found=$(cat "$knob/page_reporting_order")
trap 'echo "$found" > "$knob/page_reporting_order"' EXIT
mkdir -p "$out"
cd "$clone"
for n in $(seq "$runs"); do
    order=(on off); [ "${FIRST:-on}" = off ] && order=(off on)
    for cond in "${order[@]}"; do
        case $cond in on) echo "$found" > "$knob/page_reporting_order" ;; off) echo 11 > "$knob/page_reporting_order" ;; esac
        before=$(cat "$knob/reported_kib")
        start=$(date -u +%T)
        .build/release/benchmarks run --workloads "$@" --out "$out/$cond-$n.csv" > /dev/null 2> "$out/$cond-$n.log"
        echo "$cond-$n $start-$(date -u +%T) reported_kib $(( $(cat "$knob/reported_kib") - before ))" >> "$out/reported.txt"
    done
done
