#!/usr/bin/env bash
# The runs of this folder, from a clean clone of the revision named as $1, one after another:
# the default matrix and the A/A run twice, --quick, and the twelve-layout replay of both
# committed traces, each as scripts/results makes its namesake. Usage: runs.sh REVISION OUTDIR
set -euo pipefail
rev=$1 out=$(realpath -m "$2")
mkdir -p "$out"
cd "$("$(git rev-parse --show-toplevel)"/scripts/clean-clone "$rev")"
for name in reference aa quick trace-replay reference-2 aa-2; do
    case $name in
    reference|reference-2) args=() ;;
    aa|aa-2) args=(--layouts legacy64 legacy64) ;;
    quick) args=(--quick) ;;
    trace-replay) args=(--trace results/traces/*.trace) ;;
    esac
    echo "== $name: benchmarks run ${args[*]} ($(date -u +%H:%M))"
    .build/release/benchmarks run "${args[@]}" --out "$out/$name.csv" --format markdown \
        > "$out/$name.md" 2> "$out/$name.log"
done
