/// The data pages of a machine's simulated memory that the kernel backs. The memmap and the
/// free-list heads have mappings of their own and are all resident; the arena is touched
/// only where an operation wrote it: the descriptor pageblocks (`UnmovableBlocks`, each
/// faulted in as one 2 MiB page, and resident for good once touched), the kmalloc caches'
/// slabs (a new slab's free pointers are written into its objects, as `allocate_slab` in
/// mm/slub.c builds the freelist; kmalloc-8192's sit mid-object, so half of its pages stay
/// untouched), and free-list links kept in free pages (`-freemem`). So a machine's resident
/// set is its memmap, its heads and these pages; a run's peak, over the machines alive
/// together, less theirs is the harness's own memory.
public struct DataResidency: Equatable, Sendable {
    /// Data pages the kernel backs (`PhysicalMemory.residentPages`).
    public let residentPages: Int
    /// Pages the kmalloc caches hold as slabs: part of `residentPages`.
    public let kmallocSlabPages: Int

    var counters: [Counter] {
        [Counter(.residentDataPages, residentPages), Counter(.kmallocSlabPages, kmallocSlabPages)]
    }
}

extension Machine {
    /// Not for timed code: it walks the arena's page tables.
    public var dataResidency: DataResidency {
        let kmalloc = CacheIndex.kmallocCaches.reduce(0) { $0 + cache($1).pointee.slabBytes }
        return DataResidency(residentPages: memory.residentPages(), kmallocSlabPages: kmalloc >> PageGeometry.pageShift)
    }
}
