#!/usr/bin/env bash
# One revision, one run, as ab.sh runs it, into OUTDIR/REV.csv. Usage: one.sh REV OUTDIR
set -euo pipefail
out=$(realpath -m "$2"); mkdir -p "$out"
cd "$("$(git rev-parse --show-toplevel)"/scripts/clean-clone "$1")"
.build/release/benchmarks run --trace results/traces/file-server.trace results/traces/build.trace \
    --layouts legacy64 chead16 memdesc8 --rounds 3 --out "$out/$1.csv" > /dev/null 2> "$out/$1.log"
