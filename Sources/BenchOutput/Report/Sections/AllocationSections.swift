/// Allocation scenarios from the linux-mm threads: specialist allocators, folios from a
/// slab, split and collapse, and where free pages are tracked.
enum AllocationSections {
    /// `specialist-alloc` (seeds 000/003): what the proposal's own entry points save against
    /// today's one preparation for every compound allocation, `via=folio_alloc` minus
    /// `via=own`, per layout and type.
    static func specialistAlloc(_ context: ReportContext) -> ReportSection? {
        let rows = context.rows("specialist-alloc")
        guard !rows.isEmpty else { return nil }
        var items: [String] = []
        var resolved = 0, pairs = 0
        for own in rows where !own.isReference && own.parameters["via"] == "own" {
            let rest = own.variant(without: ["via"])
            let wanted = Variant(rest).adding("via", "folio_alloc")
            guard let generic = rows.first(where: { $0.layout == own.layout && Variant($0.variant) == wanted }),
                  generic.median != nil, own.median != nil, let difference = context.difference(generic, own)
            else { continue }
            pairs += 1
            if difference.excludes(0) { resolved += 1 }
            var item = "\(own.layout), \(rest.isEmpty ? "(no parameters)" : Phrase.variant(rest)): through `folio_alloc` "
                + "\(ReportNumber.interval(generic)) ns vs \(ReportNumber.interval(own)) ns through its own allocator: "
                + "today's preparation, which the proposal skips, "
            item += difference.hasBounds && !difference.excludes(0)
                ? "costs nothing resolved (\(ReportNumber.ns(difference.estimate)) ns [\(ReportNumber.ns(difference.low)), "
                    + "\(ReportNumber.ns(difference.high))]: the interval holds 0)"
                : "costs \(ReportNumber.added(difference, unit: "ns"))"
            if let ratio = context.ratio(generic, own) { item += " (\(ReportNumber.ratio(ratio)) own)" }
            items.append(item + ".")
        }
        var blocks = ["Specialist allocators (slab, page tables) from their own entry points, as seeds 000 and 003 "
                      + "propose, against one general `folio_alloc()` that prepares a folio they do not need: today's "
                      + "path, since v6.15 runs `prep_compound_head` for every compound allocation, slab pages included. "
                      + "Differences are paired by round, with their 95 % intervals."]
        if pairs > 0 {
            blocks.append("The difference is resolved (its interval excludes 0) in \(resolved) of \(pairs) layout and type pairs.")
        }
        if !items.isEmpty { blocks.append(Phrase.bullets(items)) }
        blocks.append(RowTable.markdown(rows))
        return ReportSection(heading: "Specialist allocators vs one `folio_alloc` (`specialist-alloc`)", blocks: blocks)
    }

    /// `slab-folio` (seed 004): ns per alloc+free and metadata per page, and whether the
    /// layout really nests the folio in the slab.
    static func slabFolio(_ context: ReportContext) -> ReportSection? {
        let rows = context.rows("slab-folio")
        guard !rows.isEmpty else { return nil }
        let legacy = rows.first(layout: Comparison.legacy64)
        var items: [String] = []
        for row in rows where !row.isReference {
            guard row.median != nil else { continue }
            var item = "\(row.layout)\(row.variant.isEmpty ? "" : " " + Phrase.variant(row.variant)): "
                + "\(ReportNumber.interval(row)) ns per alloc+free"
            if row.layout != Comparison.legacy64, let legacy, Variant(legacy.variant) == Variant(row.variant),
               let versus = Phrase.versus(context.ratio(row, legacy), Comparison.legacy64) {
                item += " (\(versus))"
            }
            if let metadata = row.metadata { item += ", \(ReportNumber.bytesPerPage(metadata)) B/page of metadata" }
            if let perFolio = row.measured("metadata_per_folio_page") {
                item += " (\(ReportNumber.bytesPerPage(perFolio)) B per page of a live nested folio)"
            }
            switch row.measured("nested") {
            case 1: item += "; the folio really nests inside the slab"
            case 0: item += "; nesting approximated (the layout cannot express a folio inside a slab, "
                + "so it hands out an ordinary order-0 folio)"
            case let other?: item += "; nested=\(ReportNumber.count(other))"
            case nil: break
            }
            items.append(item + ".")
        }
        var blocks = ["Folios handed out one page at a time from an order-3 slab (seed 004): the page belongs to the "
                      + "slab and to the folio at once."]
        if !items.isEmpty { blocks.append(Phrase.bullets(items)) }
        blocks.append(RowTable.markdown(rows))
        return ReportSection(heading: "Folios from a slab (`slab-folio`)", blocks: blocks)
    }

    /// `split-collapse`: split and collapse costs, and how often a split fails without memory.
    static func splitCollapse(_ context: ReportContext) -> ReportSection? {
        let rows = context.rows("split-collapse")
        guard !rows.isEmpty else { return nil }
        let layouts = context.layouts(in: rows)
        var items: [String] = []
        for layout in layouts {
            var parts: [String] = []
            for op in ["split", "collapse", "split+collapse"] {
                guard let row = rows.first(layout: layout, with: ["op": op]), row.median != nil else { continue }
                var part = "\(op) \(ReportNumber.interval(row)) ns"
                if layout != Comparison.legacy64,
                   let versus = Phrase.versus(context.ratio(row, rows.first(layout: Comparison.legacy64, with: ["op": op])),
                                              Comparison.legacy64) {
                    part += " (\(versus))"
                }
                parts.append(part)
            }
            if let failure = failures(rows.first(layout: layout, with: ["op": "split-no-memory"])) {
                parts.append("with no free memory, \(ReportNumber.count(failure.failed)) of "
                             + "\(ReportNumber.count(failure.attempts)) splits failed")
            }
            if !parts.isEmpty { items.append("\(layout): " + parts.joined(separator: ", ") + ".") }
        }

        var blocks = ["Splitting an order-9 folio into order-0 folios and collapsing them back. A memdesc layout "
                      + "must allocate a descriptor for every new folio, so a split can fail when memory is short "
                      + "(`op=split-no-memory`); `legacy64` splits in place."]
        let outcomes = layouts.compactMap { layout -> (String, Double, Double)? in
            guard let f = failures(rows.first(layout: layout, with: ["op": "split-no-memory"])) else { return nil }
            return (layout, f.failed, f.attempts)
        }
        let failing = outcomes.filter { $0.1 > 0 }
        let clean = outcomes.filter { $0.1 == 0 }.map(\.0)
        if !failing.isEmpty {
            // Only memdesc layouts need memory to split; say so only when the numbers agree.
            let opening = failing.contains { $0.0 == Comparison.legacy64 } ? "Splits can fail without memory: "
                : "Memdesc layouts can fail to split: "
            var sentence = opening + Phrase.list(failing.map { layout, failed, attempts in
                var text = "\(layout) failed \(ReportNumber.count(failed)) of \(ReportNumber.count(attempts))"
                if let fraction = Comparison.ratio(failed, attempts) { text += " (\(ReportNumber.percent(fraction: fraction)))" }
                return text
            }) + " when there was no memory for new descriptors"
            if !clean.isEmpty { sentence += "; " + Phrase.list(clean) + " never failed" }
            blocks.append(sentence + ".")
        } else if !outcomes.isEmpty {
            blocks.append("No layout failed to split in this run (" + Phrase.list(outcomes.map { layout, _, attempts in
                "\(layout) 0 of \(ReportNumber.count(attempts))"
            }) + ").")
        }
        if !items.isEmpty { blocks.append(Phrase.bullets(items)) }
        blocks.append(RowTable.markdown(rows))
        return ReportSection(heading: "Splitting and collapsing a folio (`split-collapse`)", blocks: blocks)
    }

    private static func failures(_ row: ResultRow?) -> (failed: Double, attempts: Double)? {
        guard let row, let failed = row.measured("failed"), let attempts = row.measured("attempts") else { return nil }
        return (failed, attempts)
    }

    /// `free-list` (seed 001): each store's cost against `store=descriptor`, per layout and
    /// operation, with the data pages each touched.
    static func freeList(_ context: ReportContext) -> ReportSection? {
        let rows = context.rows("free-list")
        guard !rows.isEmpty else { return nil }
        var groups: [(layout: String, op: String)] = []
        for row in rows where !row.isReference {
            let op = row.parameters["op"] ?? ""
            if !groups.contains(where: { $0.layout == row.layout && $0.op == op }) { groups.append((row.layout, op)) }
        }
        var items: [String] = []
        for group in groups {
            let members = rows.filter {
                $0.layout == group.layout && ($0.parameters["op"] ?? "") == group.op && $0.parameters["store"] != nil
            }
            guard !members.isEmpty else { continue }
            let base = members.first { $0.parameters["store"] == "descriptor" }
            var parts: [String] = []
            var touched: [String] = []
            for member in members {
                guard let store = member.parameters["store"], member.median != nil else { continue }
                var part = "store=\(store) \(ReportNumber.interval(member)) ns"
                if let base, member != base, let versus = Phrase.versus(context.ratio(member, base), "store=descriptor") {
                    part += " (\(versus))"
                }
                parts.append(part)
                if let pages = member.measured("data_pages_touched") {
                    touched.append("\(ReportNumber.count(pages)) for \(store)")
                }
            }
            guard !parts.isEmpty else { continue }
            var item = group.layout + (group.op.isEmpty ? "" : ", op=\(group.op)") + ": " + parts.joined(separator: ", ")
            if !touched.isEmpty { item += "; data pages touched: " + Phrase.list(touched) }
            items.append(item + ".")
        }
        var blocks = ["Where free pages are tracked (seed 001): in the page descriptor, in the free memory itself, or "
                      + "in a bitmap. Keeping links in free memory writes to pages nobody is using (data pages "
                      + "touched); ratios are against `store=descriptor` for the same layout and operation."]
        if !items.isEmpty { blocks.append(Phrase.bullets(items)) }
        blocks.append(RowTable.markdown(rows))
        return ReportSection(heading: "Where free pages are tracked (`free-list`)", blocks: blocks)
    }
}
