/// A simulated machine: physical memory, a memmap in layout `L`, and the kernel's
/// allocators running over them. Owns its mappings and unmaps them when dropped.
///
/// Everything it does is generic over `L` and specialised through `LayoutID.visit`; its
/// operations are loads and stores in mmap'd memory, with no heap allocation or reference
/// counting. Not thread-safe: one machine is one CPU.
public struct Machine<L: PageLayout>: ~Copyable {
    private let arenaMapping: Mapping
    /// Shared memory when the layout does HVO, so its pages can be remapped (`HugeTLB.swift`).
    let memmapMapping: Mapping
    private let controlMapping: Mapping
    /// One bit per page taken out of the allocators for good (`reserve`); untouched, and so
    /// free, unless a machine state reserves pages.
    private let reservedMapping: Mapping
    /// The descriptor pageblocks' bookkeeping (`UnmovableBlocks`), lazily touched.
    private let unmovableMapping: Mapping
    /// Bytes of free-list heads: part of the metadata when a store keeps bitmaps there.
    let freeListBytes: Int
    /// The simulated memory asks for huge pages (`init`'s `hugePageArena`).
    public let hugePageArena: Bool

    public let memory: PhysicalMemory
    public let layout: L
    public let zone: Zone<L>
    public let pages: PerCPUPages<L>
    public let slab: SlabAllocator<L>
    let caches: UnsafeMutablePointer<KmemCache>
    let hugetlb: UnsafeMutablePointer<HugeTLBState>
    /// Borrowed in place, never copied whole (`InPlace`).
    private let inPlace = InPlace()

    public var pageCount: Int { memory.pageCount }

    /// A machine of `pageCount` pages, every page free.
    /// - Parameter hugePageMemmap: `MADV_HUGEPAGE` on the memmap, as the kernel maps its
    ///   vmemmap with 2 MiB pages.
    /// - Parameter checkPages: `check_pages_enabled` (`KernelGlobals`), off as in the kernel's
    ///   defaults; `init_on_alloc=1`, `debug_pagealloc=on` or CONFIG_DEBUG_VM turn it on.
    /// - Parameter hugePageDescriptors: the descriptor caches take their pages from pageblocks
    ///   of their own mapped with huge pages, as the kernel's direct map maps slab memory
    ///   (`UnmovableBlocks`); off, from the per-CPU lists with 4 KiB mappings.
    /// - Parameter hugePageArena: `MADV_HUGEPAGE` on the whole simulated memory, closer to
    ///   the kernel's direct map (1 GiB or 2 MiB pages) for links kept in free pages and
    ///   kmalloc slabs, where THP backs it; every 2 MiB the machine writes is backed whole.
    public init(pageCount: Int, hugePageMemmap: Bool = true, checkPages: Bool = false,
                hugePageDescriptors: Bool = false, hugePageArena: Bool = false) throws(MachineError) {
        guard pageCount > 0 else { throw .noPages }
        guard pageCount <= L.maxPageCount else { throw .tooManyPages(pageCount, layout: L.name, max: L.maxPageCount) }
        guard let arena = Mapping(byteCount: pageCount << PageGeometry.pageShift, hugePages: hugePageArena,
                                  hugePageAligned: true) else {
            throw .mapFailed(pageCount << PageGeometry.pageShift)
        }
        // Two pages after the memmap: `pageFolio` of a page without a memdesc points to the
        // zeros at the first page boundary at or past it, and the `KernelGlobals` follow them
        // (the next page, when the memmap ends mid-page).
        guard let memmap = Mapping(byteCount: L.memmapBytes(pageCount: pageCount) + 2 * PageGeometry.pageSize,
                                   hugePages: hugePageMemmap, shared: L.hugeTLBVmemmapOptimization) else {
            throw .mapFailed(L.memmapBytes(pageCount: pageCount))
        }
        // memmap_init (mm/mm_init.c) gives every struct page memory of its own. Left lazy, the
        // descriptors of never-used pages would all read the shared zero page, and lookups of
        // free pages would always hit in cache; the data pages stay lazy.
        memmap.populate()
        // The allocators' state: caches, counters and the free-list heads (a bitmap store's
        // heads are whole bitmaps, so they are sized by the machine).
        let lists = PageGeometry.orderCount + PerCPUPages<L>.lists
        let heads = lists * (L.listHeadSize(pageCount: pageCount) + 64)
        let controlBytes = ControlBlock.mappingBytes(heads: Zone<L>.headStride(pageCount: pageCount) * lists)
        guard let control = Mapping(byteCount: controlBytes) else { throw .mapFailed(controlBytes) }
        var block = ControlBlock(control)
        let layout = L(memmap: memmap.base, arena: arena.base, pageCount: pageCount)
        layout.initializeMemmap()
        layout.globals.initialize(to: KernelGlobals())
        layout.globals.pointee.checkPagesEnabled = checkPages
        // The caches first, so their places in the block are every layout's alike. Carved
        // after a bitmap store's heads (megabytes), the `-bitmap` layouts' caches had 8
        // `kmalloc-kfree` rounds over 1.9x their row's median in twelve runs; carved first,
        // none in twelve (`results/kmalloc-slow-rounds/caches-first/`).
        let caches = block.carve(KmemCache.self, count: CacheIndex.count)
        let hugetlb = block.carve(HugeTLBState.self)
        let zone = Zone(layout: layout, control: &block)
        let pages = PerCPUPages(zone: zone, control: &block)
        hugetlb.initialize(to: HugeTLBState())
        for index in 0..<CacheIndex.count {
            let cache = caches + index
            cache.initialize(to: CacheIndex.create(index))
            ListHead.initialize(UnsafeMutableRawPointer(cache) + MemoryLayout<KmemCache>.offset(of: \KmemCache.partial)!)
        }
        guard let reservedBits = Mapping(byteCount: (pageCount + 7) / 8) else { throw .mapFailed((pageCount + 7) / 8) }
        let withPageblocks = L.separateMemdescs && hugePageDescriptors
        // From past the window, as the control block's state (`ControlBlock.machineWindow`):
        // its counters change with every descriptor page it hands out.
        let bookkeeping = withPageblocks ? ControlBlock.machineWindow + UnmovableBlocks<L>.bytes(pageCount: pageCount) : 1
        guard let unmovableBits = Mapping(byteCount: bookkeeping) else { throw .mapFailed(bookkeeping) }
        let memory = PhysicalMemory(base: arena.base, pageCount: pageCount)
        self.arenaMapping = arena
        self.memmapMapping = memmap
        self.controlMapping = control
        self.reservedMapping = reservedBits
        let unmovable = withPageblocks ? UnmovableBlocks(zone: zone, memory: memory,
                                                       storage: unmovableBits.base + ControlBlock.machineWindow) : nil
        self.unmovableMapping = unmovableBits
        self.freeListBytes = heads
        self.hugePageArena = hugePageArena
        self.memory = memory
        self.layout = layout
        self.zone = zone
        self.pages = pages
        self.caches = caches
        self.hugetlb = hugetlb
        self.slab = SlabAllocator(pages: pages, memory: memory,
                                  slabCache: L.separateMemdescs ? caches + CacheIndex.slabDescriptors : nil,
                                  unmovable: unmovable)
        zone.freeAll()
    }

    /// The reserved-page bitmap (`Placement.swift`).
    var reservedBits: UnsafeMutablePointer<UInt8> { reservedMapping.base.assumingMemoryBound(to: UInt8.self) }

    /// The cache in `slot` (see `CacheIndex`).
    @inline(__always)
    public func cache(_ slot: Int) -> UnsafeMutablePointer<KmemCache> { caches + slot }

    /// Give back every empty slab (the `struct slab` cache last, since the others free
    /// into it) and drain the per-CPU lists: afterwards free memory is fully merged.
    public func shrink() {
        for slot in (0..<CacheIndex.count).reversed() { slab.shrink(cache(slot)) }
        pages.drain()
        slab.unmovable?.releaseEmpty()
    }

    /// What the kernel gave the memmap: on 2 MiB pages or not (`MappingFacts`).
    public var memmapFacts: MappingFacts? { MappingFacts.of(memmapMapping.base, byteCount: memmapMapping.byteCount) }

    /// Share of the descriptor pageblocks (`UnmovableBlocks`) the kernel backed with 2 MiB
    /// pages: the arena's bytes on huge pages, where only those pageblocks ask for them, over
    /// the pageblocks claimed now (at most 1: a pageblock released by `shrink` keeps its huge
    /// page until it is claimed again and mapped afresh). With THP `always`, other pages of
    /// the arena could get huge pages too and the share would read high. Nil when none is
    /// claimed, the page tables cannot be read or the whole arena asks for huge pages
    /// (`hugePageArena`). Not for timed code.
    public var descriptorHugeShare: Double? {
        guard !hugePageArena, let blocks = slab.unmovable?.claimedBlocks, blocks > 0,
              let facts = MappingFacts.of(arenaMapping.base, byteCount: arenaMapping.byteCount) else { return nil }
        return min(1, Double(facts.hugePageBytes) / Double(blocks << (PageGeometry.thpOrder + PageGeometry.pageShift)))
    }

    /// Pages free: in the buddy allocator plus on the per-CPU lists.
    public var freePages: Int { zone.freePages + pages.pages + (slab.unmovable?.heldPages ?? 0) }
}

public enum MachineError: Error, Equatable, CustomStringConvertible {
    case noPages
    case tooManyPages(Int, layout: String, max: Int)
    case mapFailed(Int)

    public var description: String {
        switch self {
        case .noPages: "a machine needs at least one page"
        case let .tooManyPages(n, layout, max): "\(n) pages: \(layout)'s free-list links allow at most \(max)"
        case .mapFailed(let bytes): "mmap of \(bytes) bytes failed"
        }
    }
}
