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
                    guard let row = rows.first(layout: layout, variant: variant, arena: arena), row.median != nil
                    else { continue }
                    if layout != Comparison.legacy64, let legacy,
                       let versus = Phrase.versus(context.ratio(row, legacy), Comparison.legacy64,
                                                  values: (row.nsPerOp, legacy.nsPerOp), unit: unit) {
                        parts.append("\(layout) is \(versus)")
                    } else {
                        parts.append("\(layout) \(ReportNumber.interval(row)) \(unit)")
                    }
                    if let floor = rows.floor(for: row), let ratio = context.ratio(row, floor) {
                        floors.append("\(layout) \(Phrase.ratio(ratio))")
                    }
                }
                guard !parts.isEmpty else { continue }
                var item = (prefix.isEmpty ? "At " : prefix + "at ") + "\(ByteSize.format(arena)): " + parts.joined(separator: "; ") + "."
                if !floors.isEmpty {
                    item += " Against the floor (the same loads in plain C): " + Phrase.list(floors) + "."
                }
                items.append(item)
            }
            // Each arena's rows ran in their own rounds: across arenas nothing is paired, so the
            // series is shown whole (with each point's interval) rather than as one growth ratio,
            // and a series that does not grow steadily is said to.
            let sweep = context.widestRun(workload)?.rows ?? []
            let sweepArenas = Set(sweep.map(\.arenaBytes)).sorted()
            if sweepArenas.count > 2 {
                for layout in layouts {
                    let series = sweepArenas.compactMap { sweep.first(layout: layout, variant: variant, arena: $0) }
                    let falls = zip(series, series.dropFirst()).filter { a, b in
                        guard let upper = b.errorBar?.high, let lower = a.errorBar?.low else { return false }
                        return upper < lower
                    }
                    guard !falls.isEmpty else { continue }
                    items.append("\(prefix)\(layout) is not monotonic in the arena size: "
                        + Phrase.list(falls.map { "\(ReportNumber.ns($0.0.nsPerOp)) at \(ByteSize.format($0.0.arenaBytes)) "
                            + "falls to \(ReportNumber.ns($0.1.nsPerOp)) at \(ByteSize.format($0.1.arenaBytes)) (intervals apart)" })
                        + ".")
                }
            }
            if !items.isEmpty { blocks.append(Phrase.bullets(items)) }
        }

        // A chart per variant of the run with the most arenas (throughput and latency apart).
        let widest = context.widestRun(workload)
        let sweep = widest?.rows ?? []
        var chartVariants: [Variant] = []
        for row in sweep where !row.isReference && !chartVariants.contains(Variant(row.variant)) {
            chartVariants.append(Variant(row.variant))
        }
        for variant in chartVariants {
            let mine = sweep.filter { Variant($0.variant).removing("layout") == variant }
            // The state names a chart's file only when the charts' states differ.
            let oneState = Set(chartVariants.map { $0.parameters["state"] ?? "" }).count == 1
            let distinct = (oneState ? variant.removing("state") : variant).text
            let suffix = chartVariants.count > 1 && !distinct.isEmpty
                ? "-" + distinct.replacingOccurrences(of: "mode=", with: "").replacingOccurrences(of: "state=", with: "")
                    .replacingOccurrences(of: ";", with: "-").replacingOccurrences(of: ":", with: "-") : ""
            let file = chartFile.replacingOccurrences(of: ".svg", with: suffix + ".svg")
            let title = chartTitle + (chartVariants.count > 1 ? ", " + Phrase.variant(variant.text) : "")
            if let chart = ReportCharts.versusArena(mine, context: context, run: widest?.run, fileName: file, title: title,
                                                    yTitle: yTitle) {
                charts.append(chart)
                blocks.append(ReportSection.image(chart))
            }
        }
        // What places the TLB markers, where a marker is drawn and the access is random (a scan
        // walks each memmap page once: its translations matter little).
        if workload == "lookup-random", !charts.isEmpty, let reach = widest.flatMap({ context.tlbReach(ofRun: $0.run) }),
           !ReportCharts.within(ReportCharts.tlbMarkers(sweep, reach: reach), arenasOf: sweep).isEmpty,
           let text = tlbNote(reach) {
            blocks.append(text)
        }
        blocks.append(RowTable.markdown(rows))
        return ReportSection(heading: heading, blocks: blocks, charts: charts)
    }

    /// What the sweep's TLB probe found, under the charts whose dash-dot markers it places.
    static func tlbNote(_ reach: TLBReach) -> String? {
        let levels = TLBReach.levels(reach.onePerPage)
        guard let bytes = reach.translationBytes, let reachBytes = reach.reachBytes(), let last = levels.last,
              let spread = TLBReach.levels(reach.spread).last, let share = reach.spreadShare else { return nil }
        let fraction = String(format: "%.2f", share)
        let entries = levels.count == 2
            ? "the first-level data TLB holds about \(levels[0]) translations and the second about \(levels[1])"
            : "the data TLB holds about \(last) translations"
        let loads = "With \(TLBReach.spreadLoadsPerPage) loads per 2 MiB page, each in a 4 KiB piece of its own, "
        let granule = bytes < 2 << 20
            ? loads + "it holds only about \(spread) pages (\(fraction) of \(last)): each 4 KiB of a 2 MiB page takes an entry of its own "
                + "here (as when a host maps its guest's memory with 4 KiB pages), so the memmap's huge pages do not widen "
                + "the reach: \(last) x 4 KiB, about \(ByteSize.approximate(reachBytes))."
            : loads + "it still holds about \(spread) pages (\(fraction) of \(last)): one entry covers 2 MiB, so the reach is \(last) x 2 MiB = "
                + "about \(ByteSize.approximate(reachBytes)) (a memmap on 4 KiB pages, HVO's, reaches \(last) x 4 KiB: its own markers)."
        return "The dash-dot markers come from the sweep's TLB probe (sidecar `tlbReach`: one HugeTLB page mapped "
            + "at up to \(reach.onePerPage.last?.pages ?? 0) 2 MiB-aligned addresses, a random chain of L1-cache hits through them): "
            + "\(entries), to a quarter octave. \(granule) Past its marker, a growing share of random lookups "
            + "pays a page walk for the memmap on top of any cache miss; the marker places the memmap alone, and "
            + "the descriptors a lookup reads next need entries too."
    }

    static func randomLookups(_ context: ReportContext) -> ReportSection? {
        lookup(context, workload: "lookup-random",
               heading: "Random lookups across arena sizes (`lookup-random`)",
               intro: "A `page_folio()`-style lookup of a random pfn. `legacy64` finds the folio in its 64-byte "
                   + "`struct page` itself; the memdesc layouts read a small `struct page` and then follow a pointer "
                   + "into a separately allocated descriptor: two loads instead of one. Their memmap is a quarter "
                   + "of the size (an eighth for an 8-byte page). Ratios below 1 are faster than `legacy64`; "
                   + "the latency rows chain each lookup on the last, the throughput rows do not.",
               unit: "ns", chartFile: "lookup-vs-arena.svg",
               chartTitle: "Random lookup: ns per lookup vs arena size", yTitle: "ns per lookup")
    }

    static func scans(_ context: ReportContext) -> ReportSection? {
        lookup(context, workload: "lookup-scan",
               heading: "Sequential pfn scan across arena sizes (`lookup-scan`)",
               intro: "A pfn walk over the whole memmap, as compaction or `/proc/kpageflags` do. A 64-byte "
                   + "`struct page` is one cache line per page; 16 bytes put four pages in a line, 8 bytes eight "
                   + "pages in a single cache line, but typed pages cost a dependent load into their descriptor. "
                   + "Which of these the time follows is not assumed: the floor (the same loads in plain C) "
                   + "separates the layout's instructions from its memory traffic, and cachegrind's counts, where "
                   + "present, give both. Costs are per pfn.",
               unit: "ns per pfn", chartFile: "scan-vs-arena.svg",
               chartTitle: "Sequential scan: ns per pfn vs arena size", yTitle: "ns per pfn")
    }

    /// Metadata bytes per page per layout across the machine states (the decision table's
    /// figures), lowest and highest with the states they come from; with the grouped bar chart.
    static func metadata(_ context: ReportContext) -> ReportSection? {
        guard let chart = ReportCharts.metadataPerPage(context) else { return nil }
        let states = DecisionTable.states(context)
        var items: [String] = []
        for layout in context.layouts {
            let values = states.compactMap { state in
                PathTable.metadataRow(of: layout, state: state, arena: nil, context.rows)?.metadata.map { (state, $0) }
            }
            guard let low = values.min(by: { $0.1 < $1.1 }), let high = values.max(by: { $0.1 < $1.1 }) else { continue }
            if values.count == 1 {
                items.append("\(layout): \(ReportNumber.bytesPerPage(low.1)) B/page.")
                continue
            }
            let text = low.1 == high.1 ? "\(ReportNumber.bytesPerPage(low.1)) B/page in every state"
                : "\(ReportNumber.bytesPerPage(low.1)) B/page (`\(low.0)`) to \(ReportNumber.bytesPerPage(high.1)) (`\(high.0)`)"
            items.append("\(layout): \(text), over \(values.count) states.")
        }
        return ReportSection(
            heading: "Metadata per page",
            blocks: ["Bytes of per-page metadata (memmap plus separately allocated descriptors) divided by pages "
                     + "managed, as the machine held them in each state (the decision table's figures). Today's "
                     + "`struct page` is 64 bytes per 4 KiB page. These are counts, not timings: exact, with no interval.",
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
                Phrase.countVersus(m.d1, legacy?.d1, "legacy64", unit: "per op").map { "D1 misses \($0)" },
                Phrase.countVersus(m.ll, legacy?.ll, "legacy64", unit: "per op").map { "LL misses \($0)" },
                Phrase.countVersus(m.instructions, legacy?.instructions, "legacy64", unit: "per op").map { "instructions \($0)" },
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
