#!/usr/bin/env bash
# The file-server trace on legacy64, chead16 and the three -freemem layouts, alternating: clean
# clones of b16e13d (pages not backed) and e25c943 (pages backed). Usage: runs.sh BEFORE AFTER OUT
set -euo pipefail
before=$1 after=$2 out=$3
for i in 1 2; do
    for side in before after; do
        dir=$before; [ "$side" = after ] && dir=$after
        (cd "$dir" && .build/release/benchmarks run --trace results/traces/file-server.trace \
            --layouts legacy64 chead16 twoword16-freemem chead16-freemem memdesc8-freemem --no-references \
            --out "$out/$side-$i.csv" --format markdown > "$out/$side-$i.md" 2> "$out/$side-$i.log")
    done
done
