/// `struct kmem_cache` with its one `kmem_cache_cpu` and `kmem_cache_node` folded in
/// (mm/slub.c). Lives in the machine's control block; `slab->slab_cache` points here.
public struct KmemCache {
    /// `object_size` as asked, `size` as laid out (word aligned; memdesc sizes are
    /// multiples of 16 and slabs are page aligned, so memdescs come out 16-byte aligned).
    public let objectSize: Int
    public let size: Int
    /// Pages per slab = 2^order (`oo_order(s->oo)`).
    public let order: Int
    /// Objects a slab hands out.
    public let objects: Int
    /// The cache that holds `struct slab` descriptors keeps each slab's own descriptor in
    /// the slab's first object, so it never needs another cache to grow (see `SlabAllocator`).
    public let selfHosted: Bool
    /// `s->min_partial`: empty slabs kept before they go back to the page allocator.
    let minPartial: Int
    /// `SLAB_TYPESAFE_BY_RCU`: memory of a freed object stays an object of this cache, so
    /// a lockless reader holding a stale pointer still reads a descriptor (the rule for
    /// memdescs, kernelnewbies.org/MatthewWilcox/Memdescs). Empty slabs go back to the page
    /// allocator only in `shrink`, which stands for the end of an RCU grace period.
    public let typesafeByRCU: Bool

    /// `c->slab`, `c->freelist`: the CPU slab, frozen, and its private freelist.
    var cpuSlab: UInt = 0
    var cpuFreelist: UInt = 0
    /// `n->partial`, `n->nr_partial`.
    var partial = ListHead(next: 0, prev: 0)
    var nrPartial = 0
    /// Slabs and objects live, for accounting.
    public internal(set) var nrSlabs = 0
    public internal(set) var liveObjects = 0

    init(objectSize: Int, selfHosted: Bool = false, typesafeByRCU: Bool = false) {
        self.typesafeByRCU = typesafeByRCU
        self.objectSize = objectSize
        size = objectSize.roundedUp(toMultipleOf: 8)
        order = Self.calculateOrder(size: size)
        objects = (PageGeometry.pageSize << order) / size - (selfHosted ? 1 : 0)
        self.selfHosted = selfHosted
        minPartial = 5
    }

    /// `calculate_order`: the smallest order (up to `PAGE_ALLOC_COSTLY_ORDER`) whose slab
    /// holds `slub_min_objects` = 4 x (fls(nr_cpu_ids) + 1) = 12 objects on 2 CPUs.
    static func calculateOrder(size: Int) -> Int {
        let minObjects = 12
        for order in 0..<PageGeometry.costlyOrder where (PageGeometry.pageSize << order) / size >= minObjects {
            return order
        }
        return PageGeometry.costlyOrder
    }

    /// Bytes of pages held by the cache.
    public var slabBytes: Int { nrSlabs * (PageGeometry.pageSize << order) }
}

/// `counters` of `struct slab`: `inuse:16, objects:15, frozen:1`.
struct SlabCounters {
    var raw: UInt64

    @inline(__always) var inuse: Int {
        get { Int(raw & 0xffff) }
        set { raw = raw & ~0xffff | UInt64(newValue) }
    }
    @inline(__always) var objects: Int { Int(raw >> 16 & 0x7fff) }
    @inline(__always) var frozen: Bool {
        get { raw & (1 << 31) != 0 }
        set { raw = newValue ? raw | 1 << 31 : raw & ~(1 << 31) }
    }

    init(inuse: Int, objects: Int, frozen: Bool) {
        raw = UInt64(inuse) | UInt64(objects) << 16 | (frozen ? 1 << 31 : 0)
    }
    init(raw: UInt64) { self.raw = raw }
}
