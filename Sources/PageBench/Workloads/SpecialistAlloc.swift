/// Seeds 000 and 003: specialist allocators against one `folio_alloc`. Slab pages (order 0
/// and 3) and page tables from their own entry points, against `folio_alloc` with its
/// large-folio preparation; ns per alloc+free pair.
///
/// `via=own` is the proposal: each type does only its own preparation, and a slab skips the
/// folio fields of `prep_compound_head`. `via=folio_alloc` is today's path: in v6.15 every
/// compound allocation, slabs included, goes through `prep_compound_page` ->
/// `prep_compound_head` (mm/page_alloc.c, mm/internal.h).
enum SpecialistAlloc: Workload {
    static let summary = "seeds 000/003: slab pages and page tables from their own entry points (the proposal: no folio preparation) against folio_alloc with prep_compound_head, which v6.15 gives every compound allocation (today); ns per alloc+free pair."

    /// `--quick`: order-0 slabs only (to keep it within 20 s).
    static func variants(quick: Bool) -> [WorkloadVariant] {
        (quick ? [("slab", 0)] : [("slab", 0), ("slab", 3), ("ptdesc", 0)]).flatMap { type, order in
            ["own", "folio_alloc"].map { WorkloadVariant(order: order, extra: "type=\(type);via=\($0)") }
        }
    }

    static func prepare<L: PageLayout>(_ box: MachineBox<L>, _ variant: WorkloadVariant,
                                       _: Setup) throws(BenchmarkError) -> [PreparedRow] {
        let own = variant.parameter("via") != "folio_alloc", slab = variant.parameter("type") == "slab"
        let entry: Typed<L>.Entry = own ? (slab ? .slab : .pageTable) : .folio
        return [.lifo(Typed(machine: box.ref, entry: entry, order: variant.order ?? 0), batch: 64, rounds: 16,
                      on: box, note: note(own: own, slab: slab))]
    }

    /// Which path the row measures, today's kernel or the proposal.
    static func note(own: Bool, slab: Bool) -> String {
        switch (own, slab) {
        case (true, true): "proposal (seed 000): slab's own entry point, without the prep_compound_head that v6.15 gives slab pages"
        case (true, false): "proposal (seed 000): pagetable_alloc's own entry point (order 0: no compound preparation, today or proposed)"
        case (false, _): "today: folio_alloc, with prep_compound_page -> prep_compound_head for order > 0 as v6.15 gives every compound allocation"
        }
    }

    /// The allocation entry point under test, as a LIFO allocator.
    struct Typed<L: PageLayout>: LIFOAllocator {
        enum Entry { case slab, pageTable, folio }
        let machine: MachineRef<L>
        let entry: Entry
        let order: Int

        @inline(__always)
        func allocate() -> Memdesc? {
            switch entry {
            case .slab: machine.pointee.slabPageAlloc(order: order)
            case .pageTable: machine.pointee.ptAlloc()
            case .folio: machine.pointee.folioAlloc(order: order)
            }
        }
        @inline(__always) func free(_ md: Memdesc) { machine.pointee.free(md) }
        @inline(__always) func checksum(_ md: Memdesc) -> UInt64 { UInt64(md.raw) }
    }
}
