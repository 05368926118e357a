#!/usr/bin/env bash
# slab-folio alone on every layout (4 GiB, half-full), alternating: clean clones of b16e13d
# (6 rounds; its timed code is that of f08d266's parent) and of f08d266 (12 rounds), four runs
# each. Usage: runs.sh BEFORE_CLONE AFTER_CLONE OUT (clones from scripts/clean-clone; OUT an
# absolute path: each run starts in its clone).
set -euo pipefail
before=$1 after=$2 out=$3
for i in 1 2 3 4; do
    for side in before after; do
        dir=$before; [ "$side" = after ] && dir=$after
        (cd "$dir" && .build/release/benchmarks run --workloads slab-folio --out "$out/$side-$i.csv" \
            --format markdown > "$out/$side-$i.md" 2> "$out/$side-$i.log")
    done
done
