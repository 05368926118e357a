#!/usr/bin/env bash
# alloc-free alone, every layout, three plans alternating, three runs each, from a clean clone
# of the revision given: the default (orders 0 and 3 in 6 rounds of 8 ms repetitions), twice
# the rounds (--rounds 12), and twice the rounds of half as long repetitions (--rounds 12
# --rep-ms 4). Order 9 takes twice the run's rounds in all three.
# Usage: ab.sh REVISION OUTDIR
set -euo pipefail
rev=$1 out=$(realpath -m "$2")
mkdir -p "$out"
cd "$("$(git rev-parse --show-toplevel)"/scripts/clean-clone "$rev")"
for n in 1 2 3; do
    for plan in r6 r12 r12-4ms; do
        case $plan in r6) flag=() ;; r12) flag=(--rounds 12) ;; r12-4ms) flag=(--rounds 12 --rep-ms 4) ;; esac
        echo "$(date -u +%T) $plan-$n"
        .build/release/benchmarks run --workloads alloc-free "${flag[@]}" --out "$out/$plan-$n.csv" > /dev/null 2> "$out/$plan-$n.log"
    done
done
