/// Scenario 5 (seed 001): where free pages are tracked. Each layout keeps its own choice
/// (legacy64 and interim32: `list_head`s in `struct page`; the 16-byte layouts: 32-bit pfn
/// links in the descriptor; memdesc8: 28-bit links packed into its word; both, in the free
/// page itself with `-freemem`, or bitmaps with `-bitmap`), and
/// this shows what the choice costs: order-0 alloc+free through the free lists (batches of
/// 1024, beyond the per-CPU lists' reach) after half the machine was allocated and freed in
/// random order (so the lists span the arena), and the data pages of the simulated memory
/// that the timed loop touched.
enum FreeList: Workload {
    static let summary = "seed 001: where free pages are tracked (list_head, pfn links in the descriptor, in the free page with -freemem, bitmaps with -bitmap): order-0 alloc+free in batches of 1024 and the data pages it touched."
    static let buildsState = true

    static func variants(quick _: Bool) -> [WorkloadVariant] {
        [WorkloadVariant(order: 0, batch: 1024, extra: "op=alloc-free")]
    }

    /// Twice the rounds: its paired rounds scattered by 1.7 to 9.6 % (median 6.6; standard
    /// deviation of the per-round log ratios to `legacy64`, median over its ratios) in the
    /// eight committed default runs on the AMD guest since `db1d53b`, the most of the
    /// workloads at 6 rounds, and in the last of them (`f08d266`) none of its 11 ratios came
    /// within ±5 % (README, "Rounds where the scatter is"). A round of it takes 0.8 s.
    static func plan(_ run: TimingPlan, _: WorkloadVariant) -> TimingPlan { run.scaled(rounds: 2) }

    static func prepare<L: PageLayout>(_ box: MachineBox<L>, _: WorkloadVariant,
                                       _ setup: Setup) throws(BenchmarkError) -> [PreparedRow] {
        var state = FilledMachine(box.machine, state: setup.state, seed: setup.seed)
        state.release(box.machine)
        let before = box.machine.memory.residentPages()
        // The store is the layout's, so it goes in the note: the variant stays the same for
        // every layout, and the rows pair with legacy64's.
        let batch = LIFOBatch(AllocFree.Folios(machine: box.ref, order: 0), batch: 1024, rounds: 1)
        return [.layout(batch, on: box, note: "free-list store: \(storeName(L.self))") {
            let resident = box.machine.memory.residentPages()
            return [Counter(.dataPagesTouched, resident - before), Counter(.failures, $0.batch.failures)]
        }]
    }

    static func storeName<L: PageLayout>(_: L.Type) -> String {
        if let store = L.self as? any FreeListPage.Type { return storeName(of: store) }
        return "list_head"
    }

    static func storeName<T: FreeListPage>(of _: T.Type) -> String { T.Links.storeName }
}
