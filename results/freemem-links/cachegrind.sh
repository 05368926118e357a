cd "${1:?a clean clone at 65ff11b, built (swift build -c release)}"
B=.build/release/benchmarks
L="legacy64 chead16 chead16-freemem memdesc8 memdesc8-freemem"
echo "revision $(git rev-parse --short HEAD) $(date -u +%FT%TZ)"
$B cachegrind --workloads trace --trace results/traces/build.trace results/traces/file-server.trace \
  --variants "state=replay:build;trace=build;events=all" "state=replay:build;trace=build;events=pages" \
             "state=replay:file-server;trace=file-server;events=all" "state=replay:file-server;trace=file-server;events=pages" \
  --layouts $L --arena 4GiB --out results/freemem-links/cachegrind-trace.csv > /dev/null
echo "trace done $(date -u +%T)"
$B cachegrind --workloads alloc-free-mixed free-list --layouts $L --arena 4GiB --out results/freemem-links/cachegrind-alloc.csv > /dev/null
echo "alloc done $(date -u +%T)"
