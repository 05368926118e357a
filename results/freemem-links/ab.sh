# The build trace (or the trace named by $2) replayed on chead16 and chead16-freemem, 4 rounds,
# three times in each of four conditions, alternating (runs $3 to $3 + 2; $3 defaults to 1):
# none (the model as committed), huge (--huge-arena: the simulated memory madvised
# MADV_HUGEPAGE, closer to the kernel's direct map), colour (PB_LINK_COLOUR: a free page's
# links at cache line pfn mod 64 of the page, not at 0; only the diagnostic revision 6c2c16b
# reads it), both. Outputs in ab/ (the build) or ab-TRACE/, relative to the clone.
cd "${1:?a clean clone at 6c2c16b, built}"
trace=${2:-build}
first=${3:-1}
out=ab; [ "$trace" = build ] || out=ab-$trace
mkdir -p $out
B=.build/release/benchmarks
for i in $(seq $first $((first + 2))); do
  for c in none huge colour both; do
    case $c in none) e=""; f="";; huge) e=""; f=--huge-arena;; colour) e="PB_LINK_COLOUR=1"; f="";; both) e="PB_LINK_COLOUR=1"; f=--huge-arena;; esac
    echo "$(date -u +%T) $c $i"
    env $e $B run --trace results/traces/$trace.trace --layouts chead16 chead16-freemem --rounds 4 --no-references $f \
      --out $out/$c-$i.csv > $out/$c-$i.txt 2>$out/$c-$i.log
  done
done
echo done
