#!/usr/bin/env bash
# free-list alone on every layout (4 GiB, half-full) from one binary (the clean clone of
# 6d3aa0a, whose free-list takes twice the rounds), alternating: `--rounds 3` (free-list 6
# rounds, as before 595b2fa) and the default (12), four runs each. Usage: runs.sh CLONE OUT
# (CLONE from scripts/clean-clone; OUT an absolute path: each run starts in the clone).
set -euo pipefail
clone=$1 out=$2
for i in 1 2 3 4; do
    for side in six twelve; do
        rounds=(); [ "$side" = six ] && rounds=(--rounds 3)
        (cd "$clone" && .build/release/benchmarks run --workloads free-list "${rounds[@]}" --out "$out/$side-$i.csv" \
            --format markdown > "$out/$side-$i.md" 2> "$out/$side-$i.log")
    done
done
