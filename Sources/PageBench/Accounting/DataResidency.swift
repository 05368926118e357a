/// What a machine keeps resident besides its own mappings of metadata. The memmap and the
/// free-list heads have mappings of their own; everything else the machine touches is data
/// pages of the simulated memory: the descriptor caches' slabs (part of the metadata, but in
/// the arena, as the kernel's live in the direct map), the kmalloc caches' slabs (SLUB writes
/// each free object's free pointer, so a slab's pages are touched when it is made, as in
/// `allocate_slab`, mm/slub.c), and free-list links kept in free pages (`-freemem`). A run's
/// peak resident set less the metadata and these kmalloc slabs is the harness's own memory.
public struct DataResidency: Equatable, Sendable {
    /// Data pages the kernel backs (`PhysicalMemory.residentPages`).
    public let residentPages: Int
    /// Pages the kmalloc caches hold as slabs.
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
