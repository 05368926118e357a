# From a clean clone, built: both traces on chead16, chead16-freemem and memdesc8-freemem,
# 6 paired rounds, without and with --huge-arena, alternating (run trace-huge-1 came first).
cd "${1:?a clean clone at 3433ce4, built}"
B=.build/release/benchmarks
for step in plain-1 huge-2 plain-2; do
  case $step in huge-*) flag=--huge-arena;; *) flag=;; esac
  echo "$(date -u +%T) $step"
  $B run --trace results/traces/build.trace results/traces/file-server.trace --layouts chead16 chead16-freemem memdesc8-freemem \
    $flag --out results/freemem-links/trace-$step.csv > /dev/null 2> results/freemem-links/trace-$step.log
done
echo done
