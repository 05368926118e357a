/// A PFN walk over a fragmented arena, as compaction's scanners make it: half-full, then
/// as many replacements as the machine has pages/8 (`alloc-free-mixed`'s churn), then the
/// scan of `lookup-scan` with its floor. The free blocks per order left (`/proc/buddyinfo`)
/// and the pages in movable folios are counted.
enum CompactionScan: Workload {
    static let summary = "after a long churn (fragmented arena), walk every pfn finding movable folios, skipping blocks by order; free blocks per order in the counters; ns per pfn."
    static let buildsState = true
    static let hasFloor = true

    static func variants(quick _: Bool) -> [WorkloadVariant] { [WorkloadVariant()] }

    static func prepare<L: PageLayout>(_ box: MachineBox<L>, _: WorkloadVariant,
                                       _ setup: Setup) throws(BenchmarkError) -> [PreparedRow] {
        var churn = AllocFreeMixed.Pages<L>(machine: box.ref, state: FilledMachine(box.machine, state: setup.state, seed: setup.seed),
                                            random: WorkloadRandom(seed: setup.seed ^ 0xc0))
        for _ in 0..<max(1, box.machine.pageCount / 8 / AllocFreeMixed.opsPerBatch) { _ = churn.runBatch() }
        try setup.check(box.machine, "after the churn")
        var movable = 0
        for i in 0..<churn.state.pages.count where churn.state.pages[i].type == .folio {
            movable += 1 << box.machine.layout.order(of: churn.state.pages[i])
        }
        let counters = box.machine.zone.buddyinfo.enumerated().map { Counter(.freeBlocks(order: $0.offset), $0.element) }
            + [Counter(.movablePages, movable)]
        return LookupScan.rowsWithFloor(box, references: setup.references, counters: counters)
    }
}
