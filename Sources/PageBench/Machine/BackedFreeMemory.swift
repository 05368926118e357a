/// Free memory backed before timing.
///
/// The kernel's memory is always backed; the arena is backed where it is first written, so
/// a timed operation that writes a page for the first time (a new slab's freelist, mostly)
/// takes a minor fault the kernel never takes. A trace's replay is one: its passes drift
/// through the free memory, a new slab landing on pages earlier passes only used as
/// folios, and the build trace's took 1,828 to 2,143 first writes a pass on `legacy64`, pass
/// after pass (`results/first-touch/pass-faults.txt`). Backing the free blocks a replay
/// reaches before its timing takes them out.
extension Machine {
    /// Backs the data of every free block below the top order (the holes of partly used
    /// pageblocks, which allocations take first: `__rmqueue_smallest` starts at the lowest
    /// order) and of the first `topOrderBlocks` blocks of the top order's list (where the
    /// rest are split off), without changing what they hold. Returns the pages of those
    /// blocks. Untimed: one `madvise` a block.
    public func backFreeMemory(topOrderBlocks: Int) -> Int {
        var pages = 0, top = 0
        zone.forEachFreeBlock { pfn, order in
            if order == PageGeometry.maxOrder {
                top += 1
                guard top <= topOrderBlocks else { return }
            }
            Mapping.populate(memory.address(ofPFN: pfn), byteCount: PageGeometry.pageSize << order)
            pages += 1 << order
        }
        return pages
    }
}
