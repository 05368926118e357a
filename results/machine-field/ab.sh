#!/usr/bin/env bash
# Two revisions side by side, each from a clean clone, alternating, two runs each (NAME_A-1,
# NAME_B-1, NAME_A-2, NAME_B-2). The run's arguments follow OUTDIR; by default both traces on
# legacy64, chead16 and memdesc8, 3 rounds (6 for slab).
# Usage: ab.sh REV_A NAME_A REV_B NAME_B OUTDIR [RUN ARGUMENTS...]
# This folder: 7a2ea58 old beb628e new; acf9378 diag-ab beb628e new-ab; and, with no trace
# (an empty argument: the default matrix), acf9378 diag-default beb628e new-default; with the
# clones already built, beb628e copy-before 48a527a copy-inplace (and, with "",
# copy-before-default copy-inplace-default), 5cafabd inplace-longer 48a527a inplace.
set -euo pipefail
out=$(realpath -m "$5"); mkdir -p "$out"
args=("${@:6}")
[ ${#args[@]} -eq 0 ] && args=(--trace results/traces/file-server.trace results/traces/build.trace
                               --layouts legacy64 chead16 memdesc8 --rounds 3)
[ "${args[*]}" = "" ] && args=()
clone=$(git rev-parse --show-toplevel)/scripts/clean-clone
a=$("$clone" "$1"); b=$("$clone" "$3")
for n in 1 2; do
    for side in "$2:$a" "$4:$b"; do
        echo "$(date -u +%T) ${side%%:*}-$n"
        (cd "${side#*:}" && .build/release/benchmarks run "${args[@]}" --out "$out/${side%%:*}-$n.csv" > /dev/null 2> "$out/${side%%:*}-$n.log")
    done
done
