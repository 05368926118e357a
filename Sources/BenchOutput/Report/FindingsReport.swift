/// Turns the rows of one or more runs into a findings document: Markdown with a section per
/// scenario present, each stating what the numbers say, plus the SVG charts it links to.
///
/// Nothing here throws or traps on odd input: a missing row, reference or counter only
/// drops the sentence that needed it, and an empty input gives a document that says so.
public enum FindingsReport {
    /// Workloads with a dedicated section (`cachegrind-*` rows are matched separately).
    static let dedicatedWorkloads: Set<String> = [
        "concurrent-tryget", "specialist-alloc", "slab-folio", "split-collapse", "free-list",
        "compaction-scan", "lookup-random", "lookup-scan", "hugetlb",
    ]

    /// Renders the report from rows without samples or sidecars (every ratio a bare
    /// estimate). `sources` are the CSV file names the rows came from, listed as given.
    public static func render(rows: [ResultRow], title: String, sources: [String]) -> Report {
        render(runs: [ReportRun(name: "", rows: rows)], title: title, sourceNames: sources)
    }

    /// Renders the report from runs: their rows, their per-round samples (every ratio and
    /// difference is paired within its run) and their sidecars (the list of runs). Where
    /// runs measured the same group of rows, the first run given is used.
    /// `assumedLastLevelCacheBytes` stands in for sidecars that do not record the cache size.
    public static func render(runs: [ReportRun], title: String, assumedLastLevelCacheBytes: Int? = nil) -> Report {
        render(runs: runs, title: title, sourceNames: runs.map(\.name), assumedLastLevelCacheBytes: assumedLastLevelCacheBytes)
    }

    private static func render(runs: [ReportRun], title: String, sourceNames: [String],
                               assumedLastLevelCacheBytes: Int? = nil) -> Report {
        let context = ReportContext(runs: runs, assumedLastLevelCacheBytes: assumedLastLevelCacheBytes)
        let rows = context.rows

        var sections: [ReportSection] = []
        let builders: [(ReportContext) -> ReportSection?] = [
            DecisionTable.render,
            LookupSections.metadata,
            LookupSections.randomLookups,
            LookupSections.scans,
            LookupSections.cachegrind,
            OtherSections.concurrentTryget,
            AllocationSections.specialistAlloc,
            AllocationSections.slabFolio,
            AllocationSections.splitCollapse,
            AllocationSections.freeList,
            OtherSections.compactionScan,
            HugeTLBSection.render,
        ]
        for build in builders {
            if let section = build(context) { sections.append(section) }
        }
        for workload in context.workloads
        where !dedicatedWorkloads.contains(workload) && !workload.hasPrefix("cachegrind-") {
            if let section = OtherSections.generic(context, workload: workload) { sections.append(section) }
        }
        if let section = RunsSection.render(context) { sections.append(section) }

        var markdown = "# \(title.isEmpty ? "Findings" : title)\n\n"
        if sourceNames.allSatisfy(\.isEmpty) {
            markdown += "Sources: none given.\n\n"
        } else {
            markdown += "Sources (in order of precedence):\n\n" + sourceNames.map { "- \(Phrase.code($0))\n" }.joined() + "\n"
        }
        markdown += howToRead(context) + "\n"
        if rows.isEmpty {
            markdown += "No result rows: nothing to report.\n"
        }
        markdown += sections.map(\.markdown).joined(separator: "\n")

        // Each chart once, in the order the document first links it.
        var seen: Set<String> = []
        let charts = sections.flatMap(\.charts).filter { seen.insert($0.fileName).inserted }
            .map { (fileName: $0.fileName, svg: $0.svg) }
        return Report(markdown: markdown, charts: charts)
    }

    private static func howToRead(_ context: ReportContext) -> String {
        var text = "## How to read this\n\n"
        text += "Times are nanoseconds per operation unless a section says otherwise (per pfn for scans, per "
            + "successful get for speculative references): the geometric mean of the rounds' values (README, \"How rows are "
            + "measured\"), with its 95 % interval over rounds in brackets. `legacy64` is today's 64-byte `struct page`; the other layouts "
            + "shrink it and allocate typed memory descriptors separately. A ratio such as `1.80x [1.71, 1.90] "
            + "legacy64` is that layout's time over `legacy64`'s for the same workload, parameters and arena, paired "
            + "by round within one run, with its 95 % interval: below 1 is faster. A ratio or difference whose "
            + "interval holds no change is written \"\(ReportNumber.noDifference)\", and no cause is read into it. "
            + "Cachegrind's counts and metadata bytes are exact (the same in every run) and carry no interval. "
            + "Rows of different runs are never paired: where two runs measured the same rows, the first source "
            + "listed is used. An interval covers the rounds of one run on one machine: two runs, and above "
            + "all runs on two machines, have disagreed by more (the README's \"Results on this machine\"), so "
            + "a difference should hold in two runs before it is relied on. `floor` rows are the same memory loads in "
            + "plain C without allocator logic (dashed lines in the charts), so a layout's ratio to its floor "
            + "shows what its own logic adds; `jemalloc` rows are a userspace allocator doing the same work. "
            + "Metadata is bytes of `struct page` plus descriptors per 4 KiB page. Sections appear only for "
            + "scenarios present in the sources; sentences whose inputs are missing are left out.\n"
        if !context.layouts.isEmpty {
            text += "\nLayouts in these results: " + Phrase.list(context.layouts.map(Phrase.code)) + ".\n"
        }
        return text
    }
}
