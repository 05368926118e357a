/// The report's charts, built from rows with the SVG primitives in `SVG/`.
enum ReportCharts {
    struct Chart {
        var fileName: String
        var svg: String
        /// Alt text for the Markdown image.
        var caption: String
    }

    /// `ns_per_op` against `arena_bytes` (log2 x axis), one line per layout and a
    /// dashed line per floor row, in the colour of the layout it mirrors. With a single arena
    /// size, a bar chart of that arena instead (floor bars paler). nil without any layout row.
    static func versusArena(_ rows: [ResultRow], context: ReportContext, run: Int? = nil, fileName: String,
                            title: String, yTitle: String) -> Chart? {
        let measured = rows.filter { $0.layout != Comparison.jemalloc && $0.median != nil }
        guard measured.contains(where: { !$0.isReference }) else { return nil }
        let arenas = Set(measured.map(\.arenaBytes))
        let caption = title

        if arenas.count >= 2 {
            // One series per (layout, variant); floor rows by the layout they mirror. A variant
            // every row shares is the title's, not every legend entry's.
            let sharedVariant = Set(measured.map { Variant($0.variant).removing("layout") }).count == 1
            var order: [String] = []
            var series: [String: LineChart.Series] = [:]
            for row in measured {
                let isFloor = row.layout == Comparison.floor
                let owner = isFloor ? (row.floorTarget ?? Comparison.floor) : row.layout
                let rest = isFloor ? row.variant(without: ["layout"]) : row.variant
                var name = isFloor ? "floor (\(owner))" : owner
                if !rest.isEmpty && !sharedVariant { name += " " + Phrase.variant(rest) }
                if series[name] == nil {
                    order.append(name)
                    series[name] = LineChart.Series(name: name, color: context.colors.color(owner), dashed: isFloor, points: [])
                }
                // The first row for an arena wins, as everywhere else in the report.
                if series[name]?.points.contains(where: { $0.x == Double(row.arenaBytes) }) == false {
                    series[name]?.points.append((Double(row.arenaBytes), row.nsPerOp))
                    series[name]?.intervals[Double(row.arenaBytes)] = row.errorBar
                }
            }
            // Layouts first, each floor line right after the layouts in legend order.
            let names = order.filter { !(series[$0]?.dashed ?? false) } + order.filter { series[$0]?.dashed ?? false }
            // Markers within the arenas measured, each kind keyed on the axis title when drawn.
            let cache = within(cacheMarkers(measured, lastLevelCacheBytes: run.flatMap(context.lastLevelCacheBytes(ofRun:))
                                                ?? context.assumedLastLevelCacheBytes), arenasOf: measured)
            let tlb = within(tlbMarkers(measured, reach: run.flatMap(context.tlbReach(ofRun:))), arenasOf: measured)
            let keys = [cache.isEmpty ? nil : "dotted: memmap = last-level cache", tlb.isEmpty ? nil : "dash-dot: memmap = TLB reach"]
                .compactMap { $0 }
            // With both keys the axis title drops its gloss, to stay within the chart's width.
            let axis = keys.count == 2 ? "arena size (log2 scale)" : "arena size (simulated physical memory, log2 scale)"
            let chart = LineChart(
                title: title,
                xTitle: ([axis] + keys).joined(separator: "; "),
                yTitle: yTitle,
                xScale: .log2, xTickLabel: { ByteSize.format(Int($0.rounded())) },
                yValueLabel: { ReportNumber.ns($0) + " ns" },
                series: names.compactMap { series[$0] },
                markers: cache + tlb)
            return Chart(fileName: fileName, svg: chart.svg(), caption: caption)
        }

        // A single arena: one group per layout, the layout's bar and its floor's, paler.
        let arena = arenas.first ?? 0
        var groups: [BarChart.Group] = []
        var anyFloor = false
        for layout in context.layouts(in: measured) {
            for row in measured where row.layout == layout {
                var bars = [BarChart.Bar(value: row.nsPerOp, color: context.colors.color(layout), name: layout,
                                         interval: row.errorBar)]
                if let floor = measured.floor(for: row) {
                    anyFloor = true
                    bars.append(.init(value: floor.nsPerOp, color: context.colors.color(layout), opacity: 0.35,
                                      name: "floor (\(layout))", interval: floor.errorBar))
                }
                let label = row.variant.isEmpty ? layout : layout + " " + Phrase.variant(row.variant)
                groups.append(.init(label: label, bars: bars))
            }
        }
        var legend = context.layouts(in: measured).map {
            ChartLegend.Entry(label: $0, color: context.colors.color($0), swatch: .box(opacity: 1))
        }
        if anyFloor {
            legend.append(.init(label: "paler: floor (same loads in C)", color: "#7f7f7f", swatch: .box(opacity: 0.35)))
        }
        let chart = BarChart(title: title + " (\(ByteSize.format(arena)) only)", xTitle: "layout", yTitle: yTitle,
                             groups: groups, legend: legend, valueLabel: { ReportNumber.ns($0) })
        return Chart(fileName: fileName, svg: chart.svg(), caption: caption)
    }

    /// Where each memmap size among `rows`' layouts equals the last-level cache: the arena
    /// at which `struct page` alone (the size in the layout's name: `legacy64`, `chead16`)
    /// fills it, for a cache of `lastLevelCacheBytes` (the run's, else the one assumed).
    static func cacheMarkers(_ rows: [ResultRow], lastLevelCacheBytes: Int?) -> [LineChart.Marker] {
        guard let llc = lastLevelCacheBytes else { return [] }
        let sizes = Set(rows.filter { !$0.isReference }.compactMap { structPageBytes($0.layout) }).sorted(by: >)
        return sizes.map { bytes in
            LineChart.Marker(x: Double(llc) / Double(bytes) * 4096,
                             label: "\(bytes) B/page memmap = \(ByteSize.format(llc)) LLC")
        }
    }

    /// The markers that fall between the smallest and the largest arena of `rows`: the ones
    /// an arena chart of them draws.
    static func within(_ markers: [LineChart.Marker], arenasOf rows: [ResultRow]) -> [LineChart.Marker] {
        guard let low = rows.map(\.arenaBytes).min(), let high = rows.map(\.arenaBytes).max() else { return [] }
        return markers.filter { $0.x >= Double(low) && $0.x <= Double(high) }
    }

    /// Where each memmap size among `rows`' layouts outgrows the data TLB's reach (`TLBReach`,
    /// measured by the sweep's probe): the arena whose memmap alone needs every entry. A memmap
    /// on 4 KiB pages (HVO's shared one, or `--no-huge-memmap`'s `memmap=4k` rows) reaches no
    /// further than entries x 4 KiB, whatever one entry could cover.
    static func tlbMarkers(_ rows: [ResultRow], reach: TLBReach?) -> [LineChart.Marker] {
        guard let reach else { return [] }
        var seen: Set<[Int]> = []
        var markers: [(page: Int, bytes: Int, small: Bool)] = []
        for row in rows where !row.isReference {
            guard let page = structPageBytes(row.layout) else { continue }
            let small = row.layout.hasSuffix("-hvo") || Variant(row.variant).parameters["memmap"] == "4k"
            guard let bytes = reach.reachBytes(pageBytes: small ? 4096 : 2 << 20), seen.insert([page, bytes]).inserted
            else { continue }
            markers.append((page, bytes, small && bytes != reach.reachBytes()))
        }
        return markers.sorted { ($0.page, $0.bytes) > ($1.page, $1.bytes) }.map { page, bytes, small in
            LineChart.Marker(x: Double(bytes) / Double(page) * 4096,
                             label: "\(page) B/page memmap\(small ? " on 4 KiB pages" : "") = \(ByteSize.approximate(bytes)) TLB reach",
                             dash: "8 3 2 3", color: "#6a3d9a")
        }
    }

    /// The `struct page` size a layout's name carries (`legacy64-hvo` → 64, `memdesc8-bitmap`
    /// → 8); nil for a name without one.
    static func structPageBytes(_ layout: String) -> Int? {
        let stem = layout.split(whereSeparator: { $0 == "-" || $0 == "#" }).first ?? ""
        let digits = stem.reversed().prefix(while: \.isNumber)
        return digits.isEmpty ? nil : Int(String(digits.reversed()))
    }

    /// Grouped bars of metadata bytes per page: a group per machine state (and replayed
    /// trace), a bar per layout, read as the decision table reads it, and a reference line at
    /// 64 bytes (today's `struct page`).
    static func metadataPerPage(_ context: ReportContext) -> Chart? {
        let states = DecisionTable.states(context)
        let data = states.map { state in
            (state, context.layouts.map { PathTable.metadataRow(of: $0, state: state, arena: nil, context.rows)?.metadata })
        }.filter { $0.1.contains { $0 != nil } }
        guard !data.isEmpty else { return nil }
        let layouts = context.layouts.enumerated().filter { index, _ in data.contains { $0.1[index] != nil } }
        let groups = data.map { state, values in
            BarChart.Group(label: state.isEmpty ? "(no state)" : state, bars: layouts.map { index, layout in
                BarChart.Bar(value: values[index], color: context.colors.color(layout), name: layout)
            })
        }
        let chart = BarChart(
            title: "Metadata per page in each machine state", xTitle: "machine state (replay:NAME: a recorded snapshot or trace)",
            yTitle: "metadata bytes per 4 KiB page", groups: groups,
            legend: layouts.map { .init(label: $0.element, color: context.colors.color($0.element), swatch: .box(opacity: 1)) },
            referenceLines: [.init(value: 64, label: "struct page today")],
            valueLabel: { ReportNumber.bytesPerPage($0) })
        return Chart(fileName: "metadata-per-page.svg", svg: chart.svg(), caption: "Metadata bytes per page by machine state and layout")
    }

    /// The cache misses in a `cachegrind-*` row's counters.
    struct Misses {
        var row: ResultRow
        var d1: Double?
        var ll: Double?
        var instructions: Double?

        init?(_ row: ResultRow) {
            self.row = row
            d1 = row.measured("d1_misses_per_op")
            ll = row.measured("ll_misses_per_op")
            instructions = row.measured("instructions_per_op")
            if d1 == nil && ll == nil && instructions == nil { return nil }
        }
    }

    /// `cachegrind-*` rows with at least one miss counter, references left out.
    static func missRows(_ context: ReportContext) -> [Misses] {
        context.rows.filter { $0.workload.hasPrefix("cachegrind-") && !$0.isReference }.compactMap(Misses.init)
    }

    /// Grouped bars: a group per layout (and workload, when there are several), D1 and LL
    /// misses per operation side by side in the layout's colour, LL paler.
    static func missesPerOp(_ context: ReportContext) -> Chart? {
        let misses = missRows(context).filter { $0.d1 != nil || $0.ll != nil }
        guard !misses.isEmpty else { return nil }
        let severalWorkloads = Set(misses.map(\.row.workload)).count > 1
        let states = Set(misses.map { $0.row.parameters["state"] ?? "" })
        let oneState = states.count == 1
        let groups = misses.map { m in
            var label = m.row.layout
            if severalWorkloads { label += " " + String(m.row.workload.dropFirst("cachegrind-".count)) }
            // A state every row shares goes in the title, not in every label.
            let variant = oneState ? m.row.variant(without: ["state"]) : m.row.variant
            if !variant.isEmpty { label += " " + Phrase.variant(variant) }
            let color = context.colors.color(m.row.layout)
            return BarChart.Group(label: label, bars: [
                .init(value: m.d1, color: color, name: "D1 misses/op"),
                .init(value: m.ll, color: color, opacity: 0.35, name: "LL misses/op"),
            ])
        }
        var legend = context.layouts(in: misses.map(\.row)).map {
            ChartLegend.Entry(label: $0, color: context.colors.color($0), swatch: .box(opacity: 1))
        }
        legend.append(.init(label: "solid: D1 misses", color: "#7f7f7f", swatch: .box(opacity: 1)))
        legend.append(.init(label: "paler: LL misses", color: "#7f7f7f", swatch: .box(opacity: 0.35)))
        let title = "Cache misses per operation (cachegrind" + (oneState && states.first != "" ? ", state=\(states.first!))" : ")")
        let chart = BarChart(title: title, xTitle: "layout",
                             yTitle: "misses per operation", groups: groups, legend: legend,
                             valueLabel: { ReportNumber.ns($0) })
        return Chart(fileName: "misses-per-op.svg", svg: chart.svg(), caption: "D1 and LL cache misses per operation")
    }
}
