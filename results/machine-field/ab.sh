#!/usr/bin/env bash
# Two revisions side by side: both traces on legacy64, chead16 and memdesc8, 3 rounds (6 for
# slab), alternating, two runs each (A-1, B-1, A-2, B-2), each from a clean clone.
# Usage: ab.sh REV_A NAME_A REV_B NAME_B OUTDIR, writing NAME-1.csv and NAME-2.csv (this
# folder: 7a2ea58 old beb628e new, then acf9378 diag-ab beb628e new-ab)
set -euo pipefail
out=$(realpath -m "$5"); mkdir -p "$out"
clone=$(git rev-parse --show-toplevel)/scripts/clean-clone
a=$("$clone" "$1"); b=$("$clone" "$3")
for n in 1 2; do
    for side in "$2:$a" "$4:$b"; do
        echo "$(date -u +%T) ${side%%:*}-$n"
        (cd "${side#*:}" && .build/release/benchmarks run --trace results/traces/file-server.trace results/traces/build.trace \
            --layouts legacy64 chead16 memdesc8 --rounds 3 --out "$out/${side%%:*}-$n.csv" > /dev/null 2> "$out/${side%%:*}-$n.log")
    done
done
