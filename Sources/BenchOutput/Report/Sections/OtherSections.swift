import Foundation

/// Concurrency, compaction, and the generic section for any other workload.
enum OtherSections {
    /// `concurrent-tryget` (seed 004): ns per successful speculative get with and without a
    /// concurrent writer, and the retry rate.
    static func concurrentTryget(_ context: ReportContext) -> ReportSection? {
        let rows = context.rows("concurrent-tryget")
        guard !rows.isEmpty else { return nil }
        let layouts = context.layouts(in: rows)
        var items: [String] = []
        for layout in layouts {
            let off = rows.first(layout: layout, with: ["writer": "off"])
            let on = rows.first(layout: layout, with: ["writer": "on"])
            var parts: [String] = []
            if let off, off.median != nil { parts.append("\(ReportNumber.interval(off)) ns per successful get without a writer") }
            if let on, on.median != nil {
                var part = "\(ReportNumber.interval(on)) ns with a concurrent writer"
                if let versus = Phrase.versus(context.ratio(on, off), "without") { part += " (\(versus))" }
                parts.append(part)
            }
            for (row, label) in [(on, "with the writer"), (off, "without")] {
                guard let row, let retries = row.measured("retries"), let gets = row.measured("gets"), gets > 0 else { continue }
                var part = "retry rate \(ReportNumber.percent(fraction: retries / gets)) \(label)"
                part += " (\(ReportNumber.count(gets)) gets)"
                parts.append(part)
            }
            if !parts.isEmpty { items.append("\(layout): " + parts.joined(separator: ", ") + ".") }
        }
        var blocks = ["Speculative references (seed 004): `folio_try_get()` on a page found by pfn, which may be "
                      + "freed and reused under the reader, timed alone (`writer=off`) and while another thread frees "
                      + "and reallocates the pages (`writer=on`). Times are ns per successful get with their 95 % intervals."]
        for writer in ["off", "on"] {
            let legacy = rows.first(layout: Comparison.legacy64, with: ["writer": writer])
            let comparisons = layouts.filter { $0 != Comparison.legacy64 }.compactMap { layout -> String? in
                guard let row = rows.first(layout: layout, with: ["writer": writer]) else { return nil }
                return Phrase.versus(context.ratio(row, legacy), Comparison.legacy64).map { "\(layout) is \($0)" }
            }
            if !comparisons.isEmpty {
                blocks.append((writer == "on" ? "With the concurrent writer, " : "Without a writer, ")
                              + Phrase.list(comparisons) + ".")
            }
        }
        if !items.isEmpty { blocks.append(Phrase.bullets(items)) }
        blocks.append(RowTable.markdown(rows))
        return ReportSection(heading: "Speculative references under concurrency (`concurrent-tryget`)", blocks: blocks)
    }

    /// `compaction-scan`: ns per pfn per layout and the free blocks per order left by the
    /// churn, as /proc/buddyinfo shows them.
    static func compactionScan(_ context: ReportContext) -> ReportSection? {
        let rows = context.rows("compaction-scan")
        guard !rows.isEmpty else { return nil }
        let measured = rows.filter { !$0.isReference }
        let legacy = measured.first { $0.layout == Comparison.legacy64 }
        let costs = measured.compactMap { row -> String? in
            guard row.median != nil else { return nil }
            let name = row.layout + (row.variant.isEmpty ? "" : " " + Phrase.variant(row.variant))
            if row.layout != Comparison.legacy64, let legacy, Variant(legacy.variant) == Variant(row.variant),
               let versus = Phrase.versus(context.ratio(row, legacy), Comparison.legacy64,
                                          values: (row.nsPerOp, legacy.nsPerOp), unit: "ns per pfn") {
                return "\(name) is \(versus)"
            }
            return "\(name) scans at \(ReportNumber.interval(row)) ns per pfn"
        }
        var blocks = ["A compaction-style pfn scan after allocation churn has fragmented the free memory. The table "
                      + "below is each layout's free blocks per order (0 to 10) when the scan ran, as in /proc/buddyinfo."]
        if !costs.isEmpty { blocks.append(Phrase.list(costs) + ".") }
        // The floor: the exact match, else the only floor row of that layout in this workload.
        let floors = measured.compactMap { row -> String? in
            let candidates = rows.filter { $0.floorTarget == row.layout }
            guard let floor = rows.floor(for: row) ?? (candidates.count == 1 ? candidates.first : nil),
                  let ratio = context.ratio(row, floor), row.median != nil else { return nil }
            return "\(row.layout) \(Phrase.ratio(ratio))"
        }
        if !floors.isEmpty {
            blocks.append("Against the floor (the same loads in plain C): " + Phrase.list(floors) + ".")
        }

        // Counters free_blocks_order_0 ... free_blocks_order_10; a missing or unusable count is
        // an empty cell (and leaves the total empty) rather than shifting the orders after it.
        let orders = 11
        let infos = rows.compactMap { row -> (ResultRow, [Int?])? in
            let counts = (0..<orders).map { row.measured("free_blocks_order_\($0)").flatMap { Int(exactly: $0) } }
            return counts.allSatisfy { $0 == nil } ? nil : (row, counts)
        }
        if !infos.isEmpty {
            let showVariant = infos.contains { !$0.0.variant.isEmpty }
            var columns = ["layout"]
            if showVariant { columns.append("variant") }
            columns += (0..<orders).map { "order \($0)" } + ["free pages"]
            let table = TextTable(columns: columns, rows: infos.map { row, counts in
                var cells: [TextTable.Cell] = [.text(row.layout)]
                if showVariant { cells.append(.text(row.variant)) }
                cells += counts.map { $0.map { .number(String($0)) } ?? .missing }
                // Σ count × 2^order, with overflow guarded: a malformed counter must not crash.
                var pages: Int? = 0
                for (order, count) in counts.enumerated() {
                    guard let total = pages, let count, count >= 0 else { pages = nil; break }
                    let (product, o1) = count.multipliedReportingOverflow(by: 1 << order)
                    let (sum, o2) = total.addingReportingOverflow(product)
                    pages = o1 || o2 ? nil : sum
                }
                cells.append(pages.map { .number(String($0)) } ?? .missing)
                return cells
            })
            blocks.append(table.markdown())
        }
        blocks.append(RowTable.markdown(rows))
        return ReportSection(heading: "Compaction-style scan after churn (`compaction-scan`)", blocks: blocks)
    }

    /// Any workload without a dedicated section: ratios to legacy64 summarised per layout
    /// (geometric mean and range over variants), metadata per page, and the side-by-side table.
    static func generic(_ context: ReportContext, workload: String) -> ReportSection? {
        let rows = context.rows(workload)
        guard !rows.isEmpty else { return nil }
        // Side by side within each run: rows of two runs are never paired.
        var runNames: [String] = []
        for row in rows where !runNames.contains(context.run(of: row)) { runNames.append(context.run(of: row)) }
        let comparison = runNames.flatMap { name in
            Comparison.sideBySide(rows.filter { context.run(of: $0) == name }, samples: context.samples)
        }
        var items: [String] = []
        for layout in context.layouts(in: rows) where layout != Comparison.legacy64 {
            let ratios = comparison.filter { $0.layout == layout }.compactMap { row in
                row.vsLegacy64.flatMap { $0.estimate > 0 && $0.estimate.isFinite ? (row.variant, $0) : nil }
            }
            guard !ratios.isEmpty else { continue }
            let slower = ratios.filter { $0.1.excludes(1) && $0.1.estimate > 1 }
            let faster = ratios.filter { $0.1.excludes(1) && $0.1.estimate < 1 }
            var parts: [String] = []
            if let worst = slower.max(by: { $0.1.estimate < $1.1.estimate }) {
                parts.append("slower in \(slower.count) (most: \(ReportNumber.ratio(worst.1)) at \(label(worst.0)))")
            }
            if let best = faster.min(by: { $0.1.estimate < $1.1.estimate }) {
                parts.append("faster in \(faster.count) (most: \(ReportNumber.ratio(best.1)) at \(label(best.0)))")
            }
            let unresolved = ratios.filter { $0.1.hasBounds && $0.1.contains(1) }.count
            if unresolved > 0 { parts.append("no difference resolved in \(unresolved)") }
            let bare = ratios.filter { !$0.1.hasBounds }
            if !bare.isEmpty {
                parts.append("no interval in \(bare.count) (no rounds in common): "
                             + Phrase.list(bare.map { "\(ReportNumber.ratio($0.1.estimate)) at \(label($0.0))" }))
            }
            items.append("\(layout) against legacy64, over \(ratios.count) variant\(ratios.count == 1 ? "" : "s"): "
                         + Phrase.list(parts) + ".")
        }
        var metadata: [String] = []
        for layout in context.layouts(in: rows) {
            let largest = rows.filter { $0.layout == layout }.max { $0.arenaBytes < $1.arenaBytes }
            if let value = largest?.metadata { metadata.append("\(layout) \(ReportNumber.bytesPerPage(value))") }
        }
        if !metadata.isEmpty { items.append("Metadata per page: " + Phrase.list(metadata) + " B.") }

        var blocks = ["Ratios are paired by round against `legacy64`, `jemalloc` or the layout's floor with the same "
                      + "parameters, with 95 % intervals (`*` where the interval excludes 1); below 1 is faster."]
        if !items.isEmpty { blocks.append(Phrase.bullets(items)) }
        blocks.append(comparison.isEmpty ? RowTable.markdown(rows) : ComparisonRow.displayTable(comparison).markdown())
        return ReportSection(heading: "`\(workload)`", blocks: blocks)
    }

    private static func label(_ variant: String) -> String {
        variant.isEmpty ? "the default parameters" : Phrase.variant(variant)
    }
}
