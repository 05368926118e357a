/// The cache-line argument: lookups across arena sizes, the misses behind them, and what
/// the metadata costs in memory.
enum LookupSections {
    /// `lookup-random` or `lookup-scan`: cost at the smallest and largest arena per layout,
    /// ratios to legacy64 and to the floor, growth across arenas, the chart and the rows.
    static func lookup(_ context: ReportContext, workload: String, heading: String, intro: String,
                       unit: String, chartFile: String, chartTitle: String, yTitle: String) -> ReportSection? {
        let rows = context.rows(workload)
        let measured = rows.filter { !$0.isReference && $0.median != nil }
        guard !rows.isEmpty else { return nil }
        var blocks = [intro]
        var charts: [ReportCharts.Chart] = []

        let arenas = Set(measured.map(\.arenaBytes)).sorted()
        let layouts = context.layouts(in: measured)
        var variants: [String] = []
        for row in measured where !variants.contains(where: { Variant($0) == Variant(row.variant) }) {
            variants.append(row.variant)
        }
        for variant in variants {
            var items: [String] = []
            let prefix = variants.count > 1 && !variant.isEmpty ? Phrase.variant(variant) + ", " : ""
            for arena in Set([arenas.first, arenas.last].compactMap { $0 }).sorted() {
                let legacy = rows.first(layout: Comparison.legacy64, variant: variant, arena: arena)
                var parts: [String] = []
                var floors: [String] = []
                for layout in layouts {
                    guard let row = rows.first(layout: layout, variant: variant, arena: arena), let value = row.median
                    else { continue }
                    if layout != Comparison.legacy64, let versus = Phrase.versus(value, legacy?.median, Comparison.legacy64) {
                        parts.append("\(layout) is \(versus)")
                    } else {
                        parts.append("\(layout) \(ReportNumber.ns(value)) \(unit)")
                    }
                    if let floor = rows.floor(for: row), let ratio = Comparison.ratio(value, floor.median) {
                        floors.append("\(layout) \(ReportNumber.ratio(ratio))")
                    }
                }
                guard !parts.isEmpty else { continue }
                var item = "\(prefix)At \(ByteSize.format(arena)): " + parts.joined(separator: "; ") + "."
                if !floors.isEmpty {
                    item += " Against the floor (the same loads in plain C): " + Phrase.list(floors) + "."
                }
                items.append(item)
            }
            // Growth from the smallest to the largest arena: the cache-line argument in one number.
            if let small = arenas.first, let large = arenas.last, small != large {
                let growth = layouts.compactMap { layout -> String? in
                    guard let a = rows.first(layout: layout, variant: variant, arena: small)?.median,
                          let b = rows.first(layout: layout, variant: variant, arena: large)?.median,
                          let ratio = Comparison.ratio(b, a) else { return nil }
                    return "\(layout) \(ReportNumber.ns(a)) → \(ReportNumber.ns(b)) \(unit) (\(ReportNumber.ratio(ratio)))"
                }
                if !growth.isEmpty {
                    items.append("\(prefix)From \(ByteSize.format(small)) to \(ByteSize.format(large)): "
                                 + growth.joined(separator: ", ") + ".")
                }
            }
            if !items.isEmpty { blocks.append(Phrase.bullets(items)) }
        }

        if let chart = ReportCharts.versusArena(rows, context: context, fileName: chartFile, title: chartTitle,
                                                yTitle: yTitle) {
            charts.append(chart)
            blocks.append(ReportSection.image(chart))
        }
        blocks.append(RowTable.markdown(rows))
        return ReportSection(heading: heading, blocks: blocks, charts: charts)
    }

    static func randomLookups(_ context: ReportContext) -> ReportSection? {
        lookup(context, workload: "lookup-random",
               heading: "Random lookups across arena sizes (`lookup-random`)",
               intro: "A `page_folio()`-style lookup of a random pfn. `legacy64` finds the folio in its 64-byte "
                   + "`struct page` itself; the memdesc layouts read a small `struct page` and then follow a pointer "
                   + "into a separately allocated descriptor: two cache lines instead of one. Their memmap is a "
                   + "quarter of the size (an eighth for an 8-byte page), so it stays in cache longer as the arena "
                   + "grows. Ratios below 1 are faster than `legacy64`.",
               unit: "ns", chartFile: "lookup-vs-arena.svg",
               chartTitle: "Random lookup: ns per lookup vs arena size", yTitle: "ns per lookup (median)")
    }

    static func scans(_ context: ReportContext) -> ReportSection? {
        lookup(context, workload: "lookup-scan",
               heading: "Sequential pfn scan across arena sizes (`lookup-scan`)",
               intro: "A pfn walk over the whole memmap, as compaction or `/proc/kpageflags` do. A 64-byte "
                   + "`struct page` is one cache line per page; 16 bytes put four pages in a line, 8 bytes eight "
                   + "pages in a single cache line, but typed pages cost a dependent load into their descriptor. "
                   + "Costs are per pfn.",
               unit: "ns per pfn", chartFile: "scan-vs-arena.svg",
               chartTitle: "Sequential scan: ns per pfn vs arena size", yTitle: "ns per pfn (median)")
    }

    /// Metadata bytes per page at the largest arena of each workload, per layout, against
    /// `legacy64`; with the grouped bar chart.
    static func metadata(_ context: ReportContext) -> ReportSection? {
        let data = ReportCharts.metadataRows(context)
        guard !data.isEmpty, let chart = ReportCharts.metadataPerPage(context) else { return nil }
        var items: [String] = []
        for layout in context.layouts {
            let values = data.compactMap { $0.rows[layout]?.metadata }
            guard let low = values.min(), let high = values.max() else { continue }
            let ratios = data.compactMap { entry -> Double? in
                guard let value = entry.rows[layout]?.metadata else { return nil }
                return Comparison.ratio(value, entry.rows[Comparison.legacy64]?.metadata)
            }
            var item = "\(layout): " + (low == high ? ReportNumber.bytesPerPage(low)
                                        : "\(ReportNumber.bytesPerPage(low)) to \(ReportNumber.bytesPerPage(high))")
                + " B/page"
            if layout != Comparison.legacy64, let rLow = ratios.min(), let rHigh = ratios.max() {
                item += rLow == rHigh ? " (\(ReportNumber.ratio(rLow)) legacy64)"
                    : " (\(ReportNumber.ratio(rLow)) to \(ReportNumber.ratio(rHigh)) legacy64)"
            }
            items.append(item + (values.count > 1 ? " across \(values.count) workloads." : "."))
        }
        return ReportSection(
            heading: "Metadata per page",
            blocks: ["Bytes of per-page metadata (memmap plus separately allocated descriptors) divided by pages "
                     + "managed, from each workload's largest arena. Today's `struct page` is 64 bytes per 4 KiB page.",
                     Phrase.bullets(items), ReportSection.image(chart)],
            charts: [chart])
    }

    /// `cachegrind-*`: misses per operation per layout, against `legacy64`.
    static func cachegrind(_ context: ReportContext) -> ReportSection? {
        let misses = ReportCharts.missRows(context)
        let rows = context.rows.filter { $0.workload.hasPrefix("cachegrind-") }
        guard !rows.isEmpty else { return nil }
        var blocks = ["Simulated cache misses per operation (valgrind's cachegrind: D1 is the first-level data "
                      + "cache, LL the last level), from the rows' counters."]
        var items: [String] = []
        for m in misses where m.row.layout != Comparison.legacy64 {
            let legacy = misses.first {
                $0.row.layout == Comparison.legacy64 && $0.row.workload == m.row.workload
                    && Variant($0.row.variant) == Variant(m.row.variant)
            }
            let parts = [
                Phrase.versus(m.d1, legacy?.d1, "legacy64", unit: "per op").map { "D1 misses \($0)" },
                Phrase.versus(m.ll, legacy?.ll, "legacy64", unit: "per op").map { "LL misses \($0)" },
                Phrase.versus(m.instructions, legacy?.instructions, "legacy64", unit: "per op").map { "instructions \($0)" },
            ].compactMap { $0 }
            guard !parts.isEmpty else { continue }
            let variant = m.row.variant.isEmpty ? "" : " " + Phrase.variant(m.row.variant)
            items.append("\(m.row.workload)\(variant), \(m.row.layout): " + parts.joined(separator: "; ") + ".")
        }
        if !items.isEmpty { blocks.append(Phrase.bullets(items)) }
        if let chart = ReportCharts.missesPerOp(context) {
            blocks.append(ReportSection.image(chart))
            blocks.append(missTable(misses))
            return ReportSection(heading: "Cache misses per operation (`cachegrind-*`)", blocks: blocks, charts: [chart])
        }
        blocks.append(misses.isEmpty ? RowTable.markdown(rows, showWorkload: true) : missTable(misses))
        return ReportSection(heading: "Cache misses per operation (`cachegrind-*`)", blocks: blocks)
    }

    private static func missTable(_ misses: [ReportCharts.Misses]) -> String {
        func cell(_ value: Double?) -> TextTable.Cell { value.map { .number(ReportNumber.ns($0)) } ?? .missing }
        return TextTable(
            columns: ["layout", "workload", "variant", "D1 misses/op", "LL misses/op", "instructions/op"],
            rows: misses.map { m in
                [.text(m.row.layout), .text(m.row.workload), .text(m.row.variant),
                 cell(m.d1), cell(m.ll), cell(m.instructions)]
            }).markdown()
    }
}
