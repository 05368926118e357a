#!/usr/bin/env bash
# A run without and with --huge-arena, alternating, three of each (plain-1 first), from a clean
# clone of the revision given. The run's arguments follow OUTDIR; by default this folder's:
# kmalloc-kfree on legacy64, chead16, memdesc8 and chead16-freemem at 2 GiB (at 4 GiB, with
# --huge-arena, which counts each machine at its whole arena, the four are measured in two
# groups, not paired). Usage: ab.sh REVISION OUTDIR [RUN ARGUMENTS...]
set -euo pipefail
rev=$1 out=$(realpath -m "$2")
mkdir -p "$out"
args=("${@:3}")
[ ${#args[@]} -eq 0 ] && args=(--workloads kmalloc-kfree --layouts legacy64 chead16 memdesc8 chead16-freemem --arena 2GiB)
cd "$("$(git rev-parse --show-toplevel)"/scripts/clean-clone "$rev")"
for step in plain-1 huge-1 plain-2 huge-2 plain-3 huge-3; do
    case $step in huge-*) flag=(--huge-arena) ;; *) flag=() ;; esac
    echo "$(date -u +%T) $step"
    .build/release/benchmarks run "${args[@]}" "${flag[@]}" --out "$out/$step.csv" > /dev/null 2> "$out/$step.log"
done
