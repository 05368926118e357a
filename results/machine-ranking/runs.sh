# Run in a clean clone of 3f6199c (scripts/clean-clone 3f6199c), then of 83784e8 for
# ranking-83784e8.csv; about a minute each under valgrind.
B=.build/release/benchmarks
$B cachegrind --workloads alloc-free slab-folio \
  --variants "state=half-full" "state=half-full;order=0;batch=1" "state=half-full;order=3;batch=1" \
  --layouts legacy64 interim32 chead16 memdesc8 --arena 4GiB --out ranking.csv
