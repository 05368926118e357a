/// Scenario 8's second half: HugeTLB pages with and without HVO (`hugetlb` rows), what the
/// optimisation saves, what it costs a lookup (split into the fake-head check and the
/// remapped memmap, through the floors) and what it costs the pool.
enum HugeTLBSection {
    static let hvo = "legacy64-hvo"

    static func render(_ context: ReportContext) -> ReportSection? {
        let rows = context.rows("hugetlb")
        guard !rows.isEmpty else { return nil }
        let layouts = context.layouts(in: rows.filter { !$0.isReference })
        let lookup = ["op": "lookup"], pool = ["op": "grow-shrink"]
        var blocks = ["HugeTLB Vmemmap Optimisation (HVO, `legacy64-hvo`): the 512 descriptors of a 2 MiB HugeTLB "
                      + "folio fill 8 memmap pages; pages 1-7 are mapped read-only onto page 0 and freed, and "
                      + "`compound_head()` must then recognise the fake heads (`page_fixed_fake_head()`). The harness "
                      + "does the remap for real: the memmap is a memfd, remapped with `mmap` and freed by punching "
                      + "holes, so it is mapped with 4 KiB pages, as the kernel's vmemmap is wherever HVO has split it. "
                      + "`op=lookup` fills half of what the machine state leaves free with HugeTLB folios in every layout and looks up random pfns "
                      + "over the whole arena; `op=grow-shrink` grows the pool by a batch of folios and shrinks it back."]
        var items: [String] = []

        let legacy = rows.first(layout: Comparison.legacy64, with: lookup)
        let metadata = layouts.compactMap { layout -> String? in
            guard let row = rows.first(layout: layout, with: lookup), let value = row.metadata else { return nil }
            var text = "\(layout) \(ReportNumber.bytesPerPage(value))"
            if layout != Comparison.legacy64, let base = legacy?.metadata, let ratio = Comparison.ratio(value, base) {
                text += " (\(ReportNumber.ratio(ratio)) legacy64)"
            }
            return text
        }
        if !metadata.isEmpty {
            var item = "Metadata with the pool in the machine state, B/page: " + Phrase.list(metadata) + "."
            if let row = rows.first(layout: hvo, with: lookup),
               let saved = row.measured("vmemmap_saved_bytes").flatMap({ Int(exactly: $0) }),
               let folios = row.measured("vmemmap_optimized") {
                item += " HVO freed \(ByteSize.format(saved)) of memmap for \(ReportNumber.count(folios)) folios "
                    + "(28 KiB each: 56 of the 64 bytes per page of a HugeTLB folio)."
            }
            items.append(item)
        }

        if let row = rows.first(layout: hvo, with: lookup), let legacy,
           let versus = Phrase.versus(context.ratio(row, legacy), Comparison.legacy64, values: (row.nsPerOp, legacy.nsPerOp)) {
            var item = "Lookups: \(hvo) is \(versus)"
            if let floor = rows.floor(for: row), let legacyFloor = rows.floor(for: legacy),
               let check = context.ratio(row, floor), let mapping = context.ratio(floor, legacyFloor) {
                item += ". Through the floors: \(hvo) against its floor (the same loads without the fake-head check, "
                    + "over the same memmap) \(Phrase.ratio(check)); that floor against legacy64's floor (the same "
                    + "check-free loads, over the remapped memmap on 4 KiB pages) \(Phrase.ratio(mapping))"
            }
            items.append(item + ".")
        }
        let others = layouts.filter { $0 != Comparison.legacy64 && $0 != hvo }.compactMap { layout -> String? in
            guard let row = rows.first(layout: layout, with: lookup), let legacy else { return nil }
            return Phrase.versus(context.ratio(row, legacy), Comparison.legacy64).map { "\(layout) is \($0)" }
        }
        if !others.isEmpty { items.append("Lookups in the memdesc layouts, whose 2 MiB folio needs 8 KiB of memmap and one descriptor anyway: " + Phrase.list(others) + ".") }

        // HVO switched on with no HugeTLB folio at all: `lookup-random`'s rows, same arena.
        let random = context.rows("lookup-random")
        if let row = random.first(where: { $0.layout == hvo }),
           let base = random.first(layout: Comparison.legacy64, variant: row.variant, arena: row.arenaBytes),
           let versus = Phrase.versus(context.ratio(row, base), Comparison.legacy64, values: (row.nsPerOp, base.nsPerOp)) {
            var item = "With no HugeTLB folio (`lookup-random`), \(hvo) is \(versus)"
            if let floor = random.floor(for: row), let ratio = context.ratio(row, floor) {
                item += "; against its floor \(Phrase.ratio(ratio))"
            }
            items.append(item + " (what enabling HVO does to lookups on a machine that has no optimised folio).")
        }

        let growShrink = layouts.compactMap { layout -> String? in
            guard let row = rows.first(layout: layout, with: pool), row.median != nil else { return nil }
            return "\(layout) \(ReportNumber.interval(row)) ns"
        }
        if !growShrink.isEmpty {
            var item = "Growing and shrinking the pool, per folio: " + Phrase.list(growShrink) + "."
            if rows.first(layout: hvo, with: pool) != nil {
                item += " Here HVO is seven one-page `mmap`s and a hole punch, then one `mmap` back, seven page "
                    + "copies and their page faults; the kernel edits page tables and flushes the TLB instead, so "
                    + "read it as an upper bound."
            }
            items.append(item)
        }
        if !items.isEmpty { blocks.append(Phrase.bullets(items)) }
        blocks.append(RowTable.markdown(rows))
        return ReportSection(heading: "HugeTLB pages and HVO (`hugetlb`)", blocks: blocks)
    }
}
