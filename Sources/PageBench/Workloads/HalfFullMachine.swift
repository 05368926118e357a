/// The set-up state of the mixed and lookup workloads: about half of the machine's pages
/// allocated, in page-cache orders, as folios (about 86 % of allocations), page tables
/// (5 %), page_pool pages (5 %) and kmalloc objects filling slabs (4 %), interleaved by a
/// seeded generator so every type is spread over the whole arena. Its live sets free
/// themselves; `release` gives the allocations back to the machine when a workload needs
/// the memory free again.
struct HalfFullMachine: ~Copyable {
    var pages: LiveSet<Memdesc>
    var objects: LiveSet<UnsafeMutableRawPointer>

    init<L: PageLayout>(_ machine: borrowing Machine<L>, seed: UInt64) {
        var random = WorkloadRandom(seed: seed)
        let target = machine.pageCount / 2
        pages = LiveSet(capacity: target)
        objects = LiveSet(capacity: target * 8)
        var used = 0
        while used < target {
            let roll = random.below(100)
            if roll < 4 {
                // Eight 512-byte objects fill one page of slab.
                for _ in 0..<8 {
                    guard let p = machine.kmalloc(512) else { return }
                    objects.append(p)
                }
                used += 1
                continue
            }
            let type: MemdescType = roll < 9 ? .pageTable : roll < 14 ? .netmem : .folio
            let order = type == .pageTable ? 0 : type == .netmem ? random.below(3) : pageCacheOrder(&random)
            guard used + (1 << order) <= target, let md = machine.allocate(order: order, type: type) else {
                if order == 0 { return }
                continue
            }
            pages.append(md)
            used += 1 << order
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
        [Counter(.setupPageAllocations, pages.count), Counter(.setupObjects, objects.count)]
    }
}
