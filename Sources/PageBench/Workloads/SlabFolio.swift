/// Seed 004: single pages of an order-3 slab (kmalloc-4k) handed out as folios and given
/// back. `chead16` stashes the page's slab word in the folio, `twoword16` keeps the slab in
/// the allocator word, `legacy64` cannot express it and hands out plain order-0 folios.
enum SlabFolio: Workload {
    static let summary = "seed 004: single pages of an order-3 slab (kmalloc-4k) handed out as folios and given back; legacy64 hands out plain order-0 folios instead; ns per alloc+free."

    static func variants(quick _: Bool) -> [WorkloadVariant] { [WorkloadVariant()] }

    /// Twice the rounds: its paired rounds scattered most of the workloads at 6 rounds, by 1.3
    /// to 8.8 % (median 6.0; standard deviation of the per-round log ratios to `legacy64`,
    /// median over its ratios) in the seven committed default runs on the AMD guest since
    /// `db1d53b`, which put 31 of its 77 ratios within ±5 % (README, "Rounds where the scatter
    /// is"). A round of it takes 0.7 s.
    static func plan(_ run: TimingPlan, _: WorkloadVariant) -> TimingPlan { run.scaled(rounds: 2) }

    static func prepare<L: PageLayout>(_ box: MachineBox<L>, _: WorkloadVariant,
                                       _: Setup) throws(BenchmarkError) -> [PreparedRow] {
        [.layout(LIFOBatch(NestedFolios(machine: box.ref), batch: 64, rounds: 16), on: box) {
            [Counter(.nested, L.supportsNestedFolios ? 1 : 0), Counter(.metadataPerFolioPage, metadataPerFolioPage(box.machine)),
             Counter(.failures, $0.batch.failures)]
        }]
    }

    /// The bill of 1024 live nested folios, per folio page.
    static func metadataPerFolioPage<L: PageLayout>(_ machine: borrowing Machine<L>) -> Double {
        machine.shrink()
        let before = machine.metadata.totalBytes
        var live = LiveSet<Memdesc>(capacity: 1024)
        while live.count < 1024, let f = machine.folioAllocFromSlab() { live.append(f) }
        let perFolio = Double(machine.metadata.totalBytes - before) / Double(max(live.count, 1)) + Double(L.pageDescriptorSize)
        while live.count > 0 { machine.folioPut(live.removeLast()) }
        return perFolio
    }

    /// `folioAllocFromSlab` and `folio_put`.
    struct NestedFolios<L: PageLayout>: LIFOAllocator {
        let machine: MachineRef<L>

        @inline(__always) func allocate() -> Memdesc? { machine.pointee.folioAllocFromSlab() }
        @inline(__always) func free(_ md: Memdesc) { machine.pointee.folioPut(md) }
        @inline(__always) func checksum(_ md: Memdesc) -> UInt64 { UInt64(md.raw) }
    }
}
