/// What a machine state (`MachineState`) put in a machine: the handles of its page
/// allocations (folios, page tables, page_pool pages) and kmalloc objects, which the
/// workloads churn, and what it placed for good (full slabs, reserved pages). The live sets
/// free themselves; `release` gives the allocations back when a workload needs the memory
/// free again.
struct FilledMachine: ~Copyable {
    var pages: LiveSet<Memdesc>
    var objects: LiveSet<UnsafeMutableRawPointer>
    /// Pages allocated without a memdesc, reserved or holes.
    var untypedPages = 0
    /// Pages of full slabs placed from a snapshot (their objects have no handles).
    var placedSlabPages = 0
    /// Blocks of a snapshot that could not be placed (a descriptor cache ran out of memory).
    var failures = 0

    init(pageCapacity: Int, objectCapacity: Int) {
        pages = LiveSet(capacity: pageCapacity)
        objects = LiveSet(capacity: objectCapacity)
    }

    /// The machine in `state`.
    init<L: PageLayout>(_ machine: borrowing Machine<L>, state: MachineState, seed: UInt64) {
        switch state {
        case .replay(_, let snapshot): self.init(machine, replaying: snapshot)
        default: self.init(machine, mix: state.mix!, seed: seed)
        }
    }

    mutating func release<L: PageLayout>(_ machine: borrowing Machine<L>) {
        for i in 0..<pages.count where pages[i] != .none { machine.free(pages[i]) }
        for i in 0..<objects.count { machine.kfree(objects[i]) }
        pages.count = 0
        objects.count = 0
    }

    /// The page allocations' handles alone (the concurrent writer churns them).
    consuming func takePages() -> LiveSet<Memdesc> { pages }

    /// What the set-up holds, as counters of its rows.
    var counters: [Counter] {
        [Counter(.setupPageAllocations, pages.count), Counter(.setupObjects, objects.count),
         Counter(.setupUntypedPages, untypedPages), Counter(.setupSlabPages, placedSlabPages),
         Counter(.setupFailures, failures)]
    }
}
