#!/usr/bin/env bash
# The default matrix from clean clones of two revisions, alternating, two runs each
# (NAME_A-1, NAME_B-1, NAME_A-2, NAME_B-2). Usage: ab-default.sh REV_A NAME_A REV_B NAME_B OUTDIR
# (this folder: acf9378 diag-default beb628e new-default)
set -euo pipefail
out=$(realpath -m "$5"); mkdir -p "$out"
clone=$(git rev-parse --show-toplevel)/scripts/clean-clone
a=$("$clone" "$1"); b=$("$clone" "$3")
for n in 1 2; do
    for side in "$2:$a" "$4:$b"; do
        echo "$(date -u +%T) ${side%%:*}-$n"
        (cd "${side#*:}" && .build/release/benchmarks run --out "$out/${side%%:*}-$n.csv" > /dev/null 2> "$out/${side%%:*}-$n.log")
    done
done
