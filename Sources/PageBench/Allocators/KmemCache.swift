/// `struct kmem_cache` with its one `kmem_cache_cpu` and `kmem_cache_node` folded in
/// (mm/slub.c). Lives in the machine's control block; `slab->slab_cache` points here.
public struct KmemCache {
    /// `object_size` as asked; `size`, the slot each object takes in a slab, as
    /// `calculate_sizes` lays it out (the free pointer, when it goes after the object, and
    /// the alignment included).
    public let objectSize: Int
    public let size: Int
    /// `s->offset`: where a free object keeps the pointer to the next free object.
    public let freePointerOffset: Int
    /// `s->align`: memdesc caches ask for 16 bytes, so a pointer to a memdesc has 4 low bits
    /// for the type (kernelnewbies.org/MatthewWilcox/Memdescs).
    public let align: Int
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

    /// `kmem_cache_create`. `freePointerOffset` is `kmem_cache_args.freeptr_offset` (with
    /// `use_freeptr_offset`): a word inside the object that a `SLAB_TYPESAFE_BY_RCU` cache
    /// lets SLUB overwrite on free; nil leaves the placement to `calculate_sizes`.
    init(objectSize: Int, align: Int = 8, selfHosted: Bool = false, typesafeByRCU: Bool = false,
         freePointerOffset: Int? = nil) {
        // create_cache (mm/slab_common.c) refuses a freeptr_offset that is not a word inside
        // the object of a SLAB_TYPESAFE_BY_RCU cache.
        precondition(freePointerOffset.map { typesafeByRCU && $0 >= 0 && $0 < objectSize && $0 % 8 == 0 } ?? true,
                     "freeptr_offset needs SLAB_TYPESAFE_BY_RCU and a word inside the object")
        self.objectSize = objectSize
        self.align = align
        let layout = Self.calculateSizes(objectSize: objectSize, align: align, typesafeByRCU: typesafeByRCU,
                                         freePointerOffset: freePointerOffset)
        self.freePointerOffset = layout.freePointerOffset
        size = layout.size
        self.typesafeByRCU = typesafeByRCU
        order = Self.calculateOrder(size: size)
        objects = (PageGeometry.pageSize << order) / size - (selfHosted ? 1 : 0)
        self.selfHosted = selfHosted
        minPartial = 5
    }

    /// `calculate_sizes` (mm/slub.c, v6.15), without debugging, KASAN and constructors (none
    /// are modelled): the object rounded up to a word; the free pointer after it for a
    /// `SLAB_TYPESAFE_BY_RCU` cache that names no `freeptr_offset` (freeing must not overwrite
    /// what a stale lockless reader may still read), at the named offset when there is one,
    /// and otherwise in the middle of the object ("to keep it away from the edges of the
    /// object"); then the slot rounded up to the alignment.
    static func calculateSizes(objectSize: Int, align: Int, typesafeByRCU: Bool,
                               freePointerOffset: Int?) -> (freePointerOffset: Int, size: Int) {
        let word = MemoryLayout<UInt>.size
        var size = objectSize.roundedUp(toMultipleOf: word)
        let offset: Int
        if typesafeByRCU, let named = freePointerOffset {
            offset = named
        } else if typesafeByRCU {
            offset = size
            size += word
        } else {
            offset = objectSize / 2 / word * word
        }
        return (offset, size.roundedUp(toMultipleOf: align))
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

    /// `get_freepointer`: the next free object after the free object at `object`.
    @inline(__always)
    func freePointer(_ object: UInt) -> UInt {
        ListHead.at(object).load(fromByteOffset: freePointerOffset, as: UInt.self)
    }

    /// `set_freepointer`.
    @inline(__always)
    func setFreePointer(_ object: UnsafeMutableRawPointer, _ next: UInt) {
        object.storeBytes(of: next, toByteOffset: freePointerOffset, as: UInt.self)
    }

    /// A cache of memory descriptors (`struct slab`, the folios, ptdesc, netmem), whose slabs
    /// come from the descriptor pageblocks when the machine has them.
    var isDescriptorCache: Bool { selfHosted || typesafeByRCU }

    /// Bytes of pages held by the cache.
    public var slabBytes: Int { nrSlabs * (PageGeometry.pageSize << order) }

    /// The slot as `benchmarks describe` prints it.
    var slotDescription: String {
        let place = freePointerOffset >= objectSize ? "after the object" : "inside the object"
        return "\(align)-byte aligned" + (typesafeByRCU ? ", SLAB_TYPESAFE_BY_RCU" : "")
            + "; free pointer at \(freePointerOffset) (\(place)); \(size)-byte slots, \(objects) per \(4 << order) KiB slab"
    }
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
