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

    /// Renders the report. `title` becomes the `#` heading; `sources` are the CSV file names
    /// the rows came from, listed as given.
    public static func render(rows: [ResultRow], title: String, sources: [String]) -> Report {
        let context = ReportContext(rows: rows)

        var sections: [ReportSection] = []
        let builders: [(ReportContext) -> ReportSection?] = [
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

        var markdown = "# \(title.isEmpty ? "Findings" : title)\n\n"
        if sources.isEmpty {
            markdown += "Sources: none given.\n\n"
        } else {
            markdown += "Sources:\n\n" + sources.map { "- \(Phrase.code($0))\n" }.joined() + "\n"
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
        text += "Every number is a median over timed repetitions, in nanoseconds per operation unless a section "
            + "says otherwise (per pfn for scans, per successful get for speculative references). `legacy64` is "
            + "today's 64-byte `struct page`; the other layouts shrink it and allocate typed memory descriptors "
            + "separately. A ratio such as `1.80x legacy64` is that layout's time divided by `legacy64`'s for the "
            + "same workload, parameters and arena: below 1 is faster. `floor` rows are the same memory loads in "
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
