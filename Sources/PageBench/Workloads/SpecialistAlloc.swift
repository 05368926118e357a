/// Seeds 000 and 003: specialist allocators against one `folio_alloc`. Slab pages (order 0
/// and 3) and page tables from their own entry points, against `folio_alloc` with its
/// large-folio preparation; ns per alloc+free pair.
enum SpecialistAlloc: Workload {
    static let summary = "seeds 000/003: slab pages and page tables from their own entry points against folio_alloc with its large-folio preparation; ns per alloc+free pair."

    static func variants(quick _: Bool) -> [WorkloadVariant] {
        [("slab", 0), ("slab", 3), ("ptdesc", 0)].flatMap { type, order in
            ["own", "folio_alloc"].map { WorkloadVariant(order: order, extra: "type=\(type);via=\($0)") }
        }
    }

    static func prepare<L: PageLayout>(_ box: MachineBox<L>, _ variant: WorkloadVariant,
                                       _: Setup) throws(BenchmarkError) -> [PreparedRow] {
        let entry: Typed<L>.Entry = variant.parameter("via") == "folio_alloc"
            ? .folio : variant.parameter("type") == "slab" ? .slab : .pageTable
        return [.lifo(Typed(machine: box.ref, entry: entry, order: variant.order ?? 0), batch: 64, rounds: 16, on: box)]
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
