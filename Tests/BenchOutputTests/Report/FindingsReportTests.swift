import Foundation
import Testing
@testable import BenchOutput

/// Hand-made rows for the scenarios with dedicated sections, with numbers chosen so the
/// expected sentences can be worked out by hand.
let scenarioRows: [ResultRow] = lookupRows + [
    reportRow("legacy64", "concurrent-tryget", "writer=off", ns: 10.0),
    reportRow("legacy64", "concurrent-tryget", "writer=on", ns: 12.5, counters: counters(["retries": 5200, "gets": 1000000])),
    reportRow("twoword16", "concurrent-tryget", "writer=off", ns: 12.0, metadata: 16),
    reportRow("twoword16", "concurrent-tryget", "writer=on", ns: 18.0, metadata: 16, counters: counters(["gets": 990000, "retries": 30690])),

    reportRow("legacy64", "specialist-alloc", "type=slab;order=0;via=own", ns: 20),
    reportRow("legacy64", "specialist-alloc", "type=slab;order=0;via=folio_alloc", ns: 26),
    reportRow("twoword16", "specialist-alloc", "type=slab;order=0;via=own", ns: 30, metadata: 16),
    reportRow("twoword16", "specialist-alloc", "order=0;via=folio_alloc;type=slab", ns: 45, metadata: 16),
    reportRow("twoword16", "specialist-alloc", "type=ptdesc;order=0;via=own", ns: 10, metadata: 16),
    reportRow("twoword16", "specialist-alloc", "type=ptdesc;order=0;via=folio_alloc", ns: 11, metadata: 16),

    reportRow("legacy64", "slab-folio", ns: 40, counters: counters(["nested": 0])),
    reportRow("chead16", "slab-folio", ns: 50, metadata: 24.0, counters: counters(["nested": 1, "metadata_per_folio_page": 128.5])),

    reportRow("legacy64", "split-collapse", "op=split", ns: 100),
    reportRow("legacy64", "split-collapse", "op=collapse", ns: 80),
    reportRow("legacy64", "split-collapse", "op=split-no-memory", ns: 90, counters: counters(["failed": 0, "attempts": 100])),
    reportRow("twoword16", "split-collapse", "op=split", ns: 150, metadata: 16.2),
    reportRow("twoword16", "split-collapse", "op=collapse", ns: 120, metadata: 16.2),
    reportRow("twoword16", "split-collapse", "op=split-no-memory", ns: 60, metadata: 16.2, counters: counters(["failed": 37, "attempts": 100])),

    reportRow("twoword16", "free-list", "store=descriptor;op=alloc-free", ns: 10, metadata: 16),
    reportRow("twoword16", "free-list", "store=free-memory;op=alloc-free", ns: 13, metadata: 16,
              counters: counters(["data_pages_touched": 512])),
    reportRow("twoword16", "free-list", "store=bitmap;op=alloc-free", ns: 11, metadata: 16.03, counters: counters(["data_pages_touched": 0])),

    reportRow("legacy64", "compaction-scan", ns: 0.232, counters: freeBlocks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])),
    reportRow("twoword16", "compaction-scan", ns: 0.158, metadata: 16,
              counters: freeBlocks([100, 50, 0, 0, 0, 0, 0, 0, 0, 0, 0]) + counters(["movable_pages": 12])),
    reportRow("floor", "compaction-scan", "layout=twoword16", ns: 0.079, metadata: 16, note: "C loads over the twoword16 memmap"),

    reportRow("legacy64", "cachegrind-lookup-random", ns: 1,
              counters: counters(["d1_misses_per_op": 0.65, "ll_misses_per_op": 0.20, "instructions_per_op": 30])),
    reportRow("twoword16", "cachegrind-lookup-random", ns: 1, metadata: 16,
              counters: counters(["d1_misses_per_op": 1.2, "ll_misses_per_op": 0.3, "instructions_per_op": 38]),
              note: "tool=cachegrind"),

    reportRow("legacy64-hvo", "lookup-random", arena: 1 * TiB, ns: 110),

    reportRow("legacy64", "hugetlb", "op=lookup", ns: 20, counters: counters(["pool_folios": 1024, "vmemmap_optimized": 0, "vmemmap_saved_bytes": 0])),
    reportRow("floor", "hugetlb", "op=lookup;layout=legacy64", ns: 20),
    reportRow("legacy64-hvo", "hugetlb", "op=lookup", ns: 30, metadata: 36,
              counters: counters(["pool_folios": 1024, "vmemmap_optimized": 1024, "vmemmap_saved_bytes": 29360128])),
    reportRow("floor", "hugetlb", "op=lookup;layout=legacy64-hvo", ns: 24, metadata: 36),
    reportRow("twoword16", "hugetlb", "op=lookup", ns: 15, metadata: 16.12),
    reportRow("legacy64", "hugetlb", "op=grow-shrink;batch=64", ns: 1000),
    reportRow("legacy64-hvo", "hugetlb", "op=grow-shrink;batch=64", ns: 90000),

    reportRow("legacy64", "alloc-free", "order=0", ns: 10),
    reportRow("twoword16", "alloc-free", "order=0", ns: 20, metadata: 19.66),
    reportRow("legacy64", "alloc-free", "order=3", ns: 20),
    reportRow("twoword16", "alloc-free", "order=3", ns: 10, metadata: 19.66),
    reportRow("jemalloc", "alloc-free", "order=0", ns: 40, metadata: 75),
]

/// The text of the `##` section whose heading contains `heading`, up to the next `##`.
func section(_ markdown: String, _ heading: String) -> String? {
    let parts = markdown.components(separatedBy: "\n## ")
    return parts.first { $0.split(separator: "\n", maxSplits: 1).first?.contains(heading) == true }
}

@Suite("FindingsReport markdown")
struct FindingsReportMarkdownTests {
    let report = FindingsReport.render(rows: scenarioRows, title: "Layouts, March run",
                                       sources: ["results/run-1.csv", "results/run-2.csv"])

    @Test func titleSourcesAndHowToRead() {
        #expect(report.markdown.hasPrefix("# Layouts, March run\n"))
        #expect(report.markdown.contains("- `results/run-1.csv`\n- `results/run-2.csv`\n"))
        #expect(report.markdown.contains("## How to read this\n"))
        #expect(report.markdown.contains("Layouts in these results: `legacy64`, `twoword16`, `chead16` and `legacy64-hvo`."))
    }

    @Test func everyScenarioPresentHasItsSection() {
        let headings = report.markdown.split(separator: "\n").filter { $0.hasPrefix("## ") }.map(String.init)
        #expect(headings == [
            "## How to read this",
            "## Decision table: each layout against `legacy64`",
            "## Metadata per page",
            "## Random lookups across arena sizes (`lookup-random`)",
            "## Cache misses per operation (`cachegrind-*`)",
            "## Speculative references under concurrency (`concurrent-tryget`)",
            "## Specialist allocators vs one `folio_alloc` (`specialist-alloc`)",
            "## Folios from a slab (`slab-folio`)",
            "## Splitting and collapsing a folio (`split-collapse`)",
            "## Where free pages are tracked (`free-list`)",
            "## Compaction-style scan after churn (`compaction-scan`)",
            "## HugeTLB pages and HVO (`hugetlb`)",
            "## `alloc-free`",
        ])
    }

    @Test func lookupRatiosAtSmallestAndLargestArenaWithFloors() throws {
        let text = try #require(section(report.markdown, "lookup-random"))
        // Without samples every ratio is a bare estimate, and says so.
        #expect(text.contains("At 64MiB: legacy64 17.3 [17.0, 17.6] ns; twoword16 is 1.80x legacy64 (31.2 vs 17.3 ns"
                              + "; bare estimate, no rounds in common); chead16 is 1.45x legacy64 (25.0 vs 17.3 ns"
                              + "; bare estimate, no rounds in common)."))
        // 100 / 95 and 80 / 64.
        let atTiB: String = "At 1TiB: legacy64 100.0 [98.0, 102.0] ns; twoword16 is 0.80x legacy64 (80.0 vs 100.0 ns"
            + "; bare estimate, no rounds in common); chead16 is 0.75x legacy64 (75.0 vs 100.0 ns"
            + "; bare estimate, no rounds in common); legacy64-hvo is 1.10x legacy64 (110.0 vs 100.0 ns"
            + "; bare estimate, no rounds in common). "
        let floors: String = "Against the floor (the same loads in plain C): legacy64 1.05x (bare estimate) and "
            + "twoword16 1.25x (bare estimate)."
        #expect(text.contains(atTiB + floors))
        // Across arenas nothing is paired: no growth ratio is stated.
        #expect(!text.contains("From 64MiB to 1TiB"))
        #expect(text.contains("![Random lookup: ns per lookup vs arena size](lookup-vs-arena.svg)"))
        // The 1 GiB middle arena is in the table, not in the sentences.
        #expect(text.contains("| 1GiB |"))
        #expect(!text.contains("At 1GiB"))
    }

    @Test func concurrentTrygetWithAndWithoutWriter() throws {
        let text = try #require(section(report.markdown, "concurrent-tryget"))
        #expect(text.contains("With the concurrent writer, twoword16 is 1.44x legacy64, bare estimate, no rounds in common."))
        #expect(text.contains("Without a writer, twoword16 is 1.20x legacy64, bare estimate, no rounds in common."))
        #expect(text.contains("- twoword16: 12.0 [11.8, 12.2] ns per successful get without a writer, 18.0 [17.6, 18.4] ns "
                              + "with a concurrent writer (1.50x without, bare estimate, no rounds in common), retry rate "
                              + "3.10% with the writer (990000 gets)."))
        #expect(text.contains("retry rate 0.52% with the writer (1000000 gets)"))
    }

    @Test func specialistAllocPreparationCost() throws {
        let text = try #require(section(report.markdown, "specialist-alloc"))
        #expect(text.contains("- legacy64, type=slab order=0: through `folio_alloc` 26.0 [25.5, 26.5] ns vs 20.0 [19.6, 20.4] ns "
                              + "through its own allocator: today's preparation, which the proposal skips, costs +6.00 ns "
                              + "(no interval) (1.30x own)."))
        // Parameter order of the folio_alloc row differs: still matched.
        #expect(text.contains("twoword16, type=slab order=0: through `folio_alloc` 45.0 [44.1, 45.9] ns vs 30.0 [29.4, 30.6] ns"))
        #expect(text.contains("+15.0 ns (no interval) (1.50x own)"))
        #expect(text.contains("- twoword16, type=ptdesc order=0: through `folio_alloc` 11.0 [10.8, 11.2] ns vs 10.0 [9.80, 10.2] ns "
                              + "through its own allocator: today's preparation, which the proposal skips, costs +1.00 ns "
                              + "(no interval) (1.10x own)."))
        // Bare estimates resolve nothing.
        #expect(text.contains("The difference is resolved (its interval excludes 0) in 0 of 3 layout and type pairs."))
    }

    @Test func slabFolioNestingAndMetadata() throws {
        let text = try #require(section(report.markdown, "slab-folio"))
        #expect(text.contains("- chead16: 50.0 [49.0, 51.0] ns per alloc+free (1.25x legacy64, bare estimate, no rounds in "
                              + "common), 24.00 B/page of metadata "
                              + "(128.50 B per page of a live nested folio); the folio really nests inside the slab."))
        #expect(text.contains("- legacy64: 40.0 [39.2, 40.8] ns per alloc+free, 64.00 B/page of metadata; nesting approximated"))
    }

    @Test func splitCollapseCostsAndFailures() throws {
        let text = try #require(section(report.markdown, "split-collapse"))
        #expect(text.contains("Memdesc layouts can fail to split: twoword16 failed 37 of 100 (37.00%) when there was "
                              + "no memory for new descriptors; legacy64 never failed."))
        #expect(text.contains("- twoword16: split 150.0 [147.0, 153.0] ns (1.50x legacy64, bare estimate, no rounds in common), "
                              + "collapse 120.0 [117.6, 122.4] ns (1.50x legacy64, bare estimate, no rounds in common), "
                              + "with no free memory, 37 of 100 splits failed."))
    }

    @Test func freeListStoresAndPagesTouched() throws {
        let text = try #require(section(report.markdown, "free-list"))
        #expect(text.contains("- twoword16, op=alloc-free: store=descriptor 10.0 [9.80, 10.2] ns, store=free-memory 13.0 "
                              + "[12.7, 13.3] ns (1.30x store=descriptor, bare estimate, no rounds in common), store=bitmap "
                              + "11.0 [10.8, 11.2] ns (1.10x store=descriptor, bare estimate, no rounds in common); data pages "
                              + "touched: 512 for free-memory and 0 for bitmap."))
    }

    @Test func compactionScanBuddyinfoTable() throws {
        let text = try #require(section(report.markdown, "compaction-scan"))
        #expect(text.contains("legacy64 scans at 0.232 [0.227, 0.237] ns per pfn and twoword16 is 0.68x legacy64 (0.158 vs "
                              + "0.232 ns per pfn; bare estimate, no rounds in common)."))
        #expect(text.contains("Against the floor (the same loads in plain C): twoword16 2.00x (bare estimate)."))
        #expect(text.contains("| layout | order 0 | order 1 | order 2 | order 3 | order 4 | order 5 | order 6 | order 7 "
                              + "| order 8 | order 9 | order 10 | free pages |"))
        // 1×1 + 2×2 + 3×4 + ... + 11×1024 = 10 × 2^11 + 1.
        #expect(text.contains("| legacy64 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 20481 |"))
        #expect(text.contains("| twoword16 | 100 | 50 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 200 |"))
    }

    @Test func cachegrindMissesAgainstLegacy() throws {
        let text = try #require(section(report.markdown, "cachegrind"))
        #expect(text.contains("cachegrind-lookup-random, twoword16: D1 misses 1.85x legacy64 (1.20 vs 0.650 per op); "
                              + "LL misses 1.50x legacy64 (0.300 vs 0.200 per op); instructions 1.27x legacy64 (38.0 vs 30.0 per op)."))
        #expect(text.contains("| twoword16 | cachegrind-lookup-random |  | 1.20 | 0.300 | 38.0 |"))
        #expect(text.contains("](misses-per-op.svg)"))
    }

    @Test func hugetlbSavingAndLookupCost() throws {
        let text = try #require(section(report.markdown, "HVO"))
        #expect(text.contains("- Metadata with the pool in the machine state, B/page: legacy64 64.00, twoword16 16.12 "
                              + "(0.25x legacy64) and legacy64-hvo 36.00 (0.56x legacy64). HVO freed 28MiB of memmap for 1024 folios"))
        #expect(text.contains("- Lookups: legacy64-hvo is 1.50x legacy64 (30.0 vs 20.0 ns; bare estimate, no rounds in "
                              + "common). Through the floors: legacy64-hvo against its floor (the same loads without "
                              + "the fake-head check, over the same memmap) 1.25x (bare estimate)"))
        #expect(text.contains("over the remapped memmap on 4 KiB pages) 1.20x (bare estimate)"))
        #expect(text.contains("twoword16 is 0.75x legacy64, bare estimate, no rounds in common."))
        #expect(text.contains("With no HugeTLB folio (`lookup-random`), legacy64-hvo is 1.10x legacy64 (110.0 vs 100.0 ns; "
                              + "bare estimate, no rounds in common)"))
        #expect(text.contains("per folio: legacy64 1000.0 [980.0, 1020.0] ns and legacy64-hvo 90000.0 [88200.0, 91800.0] ns. "
                              + "Here HVO is seven"))
    }

    @Test func metadataOverview() throws {
        let text = try #require(section(report.markdown, "Metadata per page"))
        // One state (these rows have none): each layout's bill from its state-building
        // workload's row (lookup-random) at the largest arena, 1 TiB.
        #expect(text.contains("- twoword16: 16.50 B/page."))
        #expect(text.contains("- legacy64-hvo: 64.00 B/page."))
        #expect(text.contains("- legacy64: 64.00 B/page."))
        #expect(text.contains("![Metadata bytes per page by machine state and layout](metadata-per-page.svg)"))
    }

    @Test func otherWorkloadsGetTheSideBySideTable() throws {
        let text = try #require(section(report.markdown, "`alloc-free`"))
        #expect(text.contains("- twoword16 against legacy64, over 2 variants: no interval in 2 (no rounds in common): 2.00x "
                              + "at order=0 and 0.50x at order=3."))
        #expect(text.contains("| workload | variant | layout | arena | rounds | ns/op | vs legacy64 | vs jemalloc | vs floor | ns added vs legacy64 |"))
        #expect(text.contains("| alloc-free | order=0 | twoword16 | 4GiB | 5 | 20.0 ± 2.0 % | 2.000 | 0.500 |  | 10.0 |"))
        #expect(text.contains("Metadata per page: legacy64 64.00 and twoword16 19.66 B."))
    }

    @Test func chartsAreTheOnesTheMarkdownLinks() {
        let names = report.charts.map(\.fileName)
        #expect(names == ["metadata-per-page.svg", "lookup-vs-arena.svg", "misses-per-op.svg"])
        for name in names { #expect(report.markdown.contains("](\(name))")) }
        #expect(!report.markdown.contains("scan-vs-arena.svg"))
    }
}

@Suite("FindingsReport with missing data")
struct FindingsReportMissingDataTests {
    @Test func emptyInputGivesADocumentAndNoCharts() {
        let report = FindingsReport.render(rows: [], title: "", sources: [])
        #expect(report.charts.isEmpty)
        #expect(report.markdown.hasPrefix("# Findings\n"))
        #expect(report.markdown.contains("No result rows: nothing to report."))
        #expect(!report.markdown.contains("## Metadata per page"))
    }

    @Test func absentScenariosHaveNoSection() {
        let report = FindingsReport.render(rows: lookupRows, title: "t", sources: ["a.csv"])
        let headings = report.markdown.split(separator: "\n").filter { $0.hasPrefix("## ") }
        #expect(headings == ["## How to read this", "## Metadata per page",
                             "## Random lookups across arena sizes (`lookup-random`)"])
        for absent in ["concurrent-tryget", "specialist-alloc", "slab-folio", "split-collapse", "free-list",
                       "compaction-scan", "cachegrind", "HVO", "lookup-scan"] {
            #expect(!report.markdown.contains("(`\(absent)"), "unexpected section for \(absent)")
        }
        #expect(report.charts.map(\.fileName) == ["metadata-per-page.svg", "lookup-vs-arena.svg"])
    }

    @Test func missingPartnersAndBadNotesDropOnlyTheirSentences() throws {
        let rows = [
            // No legacy64 writer=on, no notes.
            reportRow("twoword16", "concurrent-tryget", "writer=on", ns: 18),
            // own without its folio_alloc partner.
            reportRow("legacy64", "specialist-alloc", "type=slab;order=0;via=own", ns: 20),
            // Counters that are not usable numbers (NaN is a counter written as null), or only
            // in the note as free text.
            reportRow("twoword16", "split-collapse", "op=split-no-memory", ns: 60,
                      counters: counters(["failed": .nan]), note: "failed=many;attempts="),
            reportRow("legacy64", "compaction-scan", ns: .nan, note: "buddyinfo=lots"),
            reportRow("chead16", "compaction-scan", ns: 0.2, counters: freeBlocks([1, 2, 1e20, 3, .nan, 0.5])),
            reportRow("twoword16", "cachegrind-alloc-free", ns: 5,
                      counters: counters(["d1_misses_per_op": .nan, "ll_misses_per_op": .infinity])),
            // A floor with no layout=, an infinite median, a zero legacy64 median.
            reportRow("floor", "lookup-scan", ns: 1),
            reportRow("legacy64", "lookup-scan", ns: 0),
            reportRow("twoword16", "lookup-scan", ns: .infinity),
            reportRow("legacy64-hvo", "alloc-free", ns: 3, metadata: .nan),
            reportRow("legacy64-hvo", "hugetlb", "op=lookup", ns: .nan, metadata: .nan,
                      counters: counters(["vmemmap_saved_bytes": 1e300, "vmemmap_optimized": 3])),
        ]
        let report = FindingsReport.render(rows: rows, title: "odd", sources: ["odd.csv"])
        let markdown = report.markdown
        let tryget = try #require(section(markdown, "concurrent-tryget"))
        #expect(tryget.contains("- twoword16: 18.0 [17.6, 18.4] ns with a concurrent writer."))
        #expect(!tryget.contains("legacy64 ("))
        let specialist = try #require(section(markdown, "specialist-alloc"))
        #expect(!specialist.contains("which the proposal skips, costs"))
        let split = try #require(section(markdown, "split-collapse"))
        #expect(!split.contains("splits failed"))
        #expect(!split.contains("can fail to split"))
        #expect(split.contains("failed=many;attempts="))  // Still shown, in the table.
        let scan = try #require(section(markdown, "compaction-scan"))
        #expect(scan.contains("chead16 scans at 0.200 [0.196, 0.204] ns per pfn."))
        // Unusable counts are empty cells and leave the total empty; the others keep their order.
        #expect(scan.contains("| chead16 | 1 | 2 |  | 3 |  |  |  |  |  |  |  |  |"))
        #expect(!scan.contains("| legacy64 | "  + "1 |"))
        let hugetlb = try #require(section(markdown, "HVO"))
        #expect(!hugetlb.contains("Lookups:") && !hugetlb.contains("Metadata with"))  // No numbers to compare.
        // Every chart still parses.
        for chart in report.charts {
            let svg = SVGInspector(chart.svg)
            #expect(svg.parsed, "\(chart.fileName): \(svg.error ?? "")")
        }
    }
}
