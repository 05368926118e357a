/// `hugetlb` (scenario 8): a HugeTLB pool of 2 MiB folios, with HVO in `legacy64-hvo`.
/// `op=lookup` times `page_folio` + `folio_ref_count` on random pfns with the pool over half
/// of what the machine state leaves free (the lookups of `lookup-random`, and its floor);
/// `op=grow-shrink` times growing the pool by B folios and shrinking it back, each folio
/// optimised and restored.
enum HugeTLBPool: Workload {
    static let summary = "a HugeTLB pool of 2 MiB folios, with HVO in legacy64-hvo (memmap pages 1-7 of each folio remapped onto page 0): page_folio + folio_ref_count on random pfns with the pool over half of what the machine state leaves free (ns per lookup, memmap saved), and growing the pool by B folios and shrinking it back (ns per folio)."
    static let hasFloor = true

    /// `--quick`: lookups only (to keep it within 20 s).
    static func variants(quick: Bool) -> [WorkloadVariant] {
        [WorkloadVariant(extra: "op=lookup")] + (quick ? [] : [WorkloadVariant(batch: 64, extra: "op=grow-shrink")])
    }

    static func skipReason(_ variant: WorkloadVariant, pageCount: Int) -> String? {
        guard let batch = variant.batch else { return nil }
        return variant.lacksRoom(for: batch << PageGeometry.thpOrder, pageCount: pageCount)
    }

    /// Folios in the lookup set-up: half of what the machine state leaves free, at most the
    /// HVO budget, the same for every layout so that their rows compare.
    static func poolFolios(pageCount: Int, state: MachineState) -> Int {
        min(Int(Double(pageCount) * state.freeShare / 2) >> PageGeometry.thpOrder, HugeTLBState.defaultBudget)
    }

    static func prepare<L: PageLayout>(_ box: MachineBox<L>, _ variant: WorkloadVariant,
                                       _ setup: Setup) throws(BenchmarkError) -> [PreparedRow] {
        guard variant.parameter("op") == "lookup" else {
            let batch = LIFOBatch(GrowShrink(machine: box.ref), batch: variant.batch!, rounds: 1)
            let note = L.hugeTLBVmemmapOptimization
                ? "vmemmap optimised and restored; not timed: the RCU grace period (synchronize_rcu(), milliseconds) v6.15 waits in each optimise and each restore"
                : "vmemmap untouched"
            return [.layout(batch, on: box, checking: setup, note: note) { subject in
                let state = box.machine.hugetlb.pointee
                return [Counter(.failures, subject.batch.failures),
                        Counter(.synchronizeRCUPerFolio, Double(state.synchronizeRCU) / Double(max(state.grown, 1)))]
            }]
        }
        let count = poolFolios(pageCount: box.machine.pageCount, state: setup.state)
        var folios = 0
        while folios < count, box.machine.hugetlbAlloc() != nil { folios += 1 }
        try setup.check(box.machine, "set-up")
        let state = box.machine.hugetlb.pointee
        let counters = [Counter(.poolFolios, state.folios), Counter(.vmemmapOptimized, state.optimized),
                        Counter(.vmemmapSavedBytes, box.machine.vmemmapSavedBytes)]
        return LookupRandom.rowsWithFloor(box, Throughput.self, seed: setup.seed, references: setup.references,
                                          counters: counters)
    }

    /// Growing the pool by one folio (`alloc_pool_huge_folio`, then HVO) and, LIFO,
    /// shrinking it (`update_and_free_hugetlb_folio`: restore, then free).
    struct GrowShrink<L: PageLayout>: LIFOAllocator {
        let machine: MachineRef<L>

        @inline(__always) func allocate() -> Memdesc? { machine.pointee.hugetlbAlloc() }
        @inline(__always) func free(_ folio: Memdesc) { machine.pointee.folioPut(folio) }
        @inline(__always) func checksum(_ folio: Memdesc) -> UInt64 { UInt64(folio.raw) }
    }
}
