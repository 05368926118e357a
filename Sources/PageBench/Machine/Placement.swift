/// Building a machine state where a snapshot had it: blocks taken from the buddy allocator at
/// given pfns (`claim`), memdescs made on them (`place`), and pages that belong to no
/// allocator any more (`reserve`: holes, `PG_reserved` memory, and kernel pages with no type
/// kpageflags can tell). Set-up only, never timed.
extension Machine {
    /// Take the 2^order pages at `pfn` out of the buddy allocator, for a `place` or
    /// `reserve` to follow. False when they are not all free there.
    public func claim(_ pfn: Int, order: Int) -> Bool { zone.takeOffBuddy(pfn, order: order) }

    /// Claimed pages become reserved: no allocator hands them out, no memdesc describes
    /// them (a lookup finds none), and the invariant checker counts them as accounted for.
    public func reserve(_ pfn: Int, order: Int) {
        for p in pfn..<pfn + (1 << order) { reservedBits[p >> 3] |= 1 << UInt8(p & 7) }
    }

    public func isReserved(_ pfn: Int) -> Bool { reservedBits[pfn >> 3] & (1 << UInt8(pfn & 7)) != 0 }

    /// A block allocated like any other and kept without a memdesc: a kernel allocation
    /// whose type a machine state does not model (vmalloc, kernel stacks). False when
    /// memory is exhausted.
    public func allocateUntyped(order: Int) -> Bool { allocateUntypedBlock(order: order) != nil }

    /// `allocateUntyped`, returning the block's first pfn for `freeUntyped`.
    @inline(__always)
    public func allocateUntypedBlock(order: Int) -> Int? {
        guard let pfn = pages.allocate(order: order) else { return nil }
        reserve(pfn, order: order)
        return pfn
    }

    /// `__free_pages` of an untyped block: no memdesc to free, only the pages.
    @inline(__always)
    public func freeUntyped(_ pfn: Int, order: Int) {
        for p in pfn..<pfn + (1 << order) { reservedBits[p >> 3] &= ~(1 << UInt8(p & 7)) }
        pages.freePages(pfn, order: order)
    }

    /// A memdesc of `type` (folio, page table or netmem) on the claimed pages at `pfn`,
    /// prepared as its allocation function would (`folio_alloc`, `pagetable_alloc`,
    /// page_pool). Nil, with the pages given back, when its descriptor cannot be allocated.
    public func place(_ type: MemdescType, at pfn: Int, order: Int) -> Memdesc? {
        var descriptor: UnsafeMutableRawPointer? = nil
        if L.separateMemdescs {
            guard let d = slab.allocate(cache(CacheIndex.descriptors(for: type, order: order))) else {
                zone.freeBlock(pfn, order: order)
                return nil
            }
            descriptor = d
        }
        let md = layout.prepare(pfn, order: order, type: type, descriptor: descriptor)
        switch type {
        case .folio: prepareFolio(md.pointer, order: order)
        case .pageTable: preparePageTable(md.pointer)
        case .netmem: prepareNetmem(md)
        default: preconditionFailure("place makes folios, page tables and netmem, not \(type)")
        }
        return md
    }

    /// A full slab of the kmalloc cache whose slabs have `order`, on the claimed pages at
    /// `pfn`. Nil, with the pages given back, when no cache has slabs of that order or its
    /// `struct slab` cannot be allocated.
    public func placeFullSlab(at pfn: Int, order: Int) -> Memdesc? {
        guard let slot = CacheIndex.kmallocSlot(slabOrder: order, in: self),
              let md = slab.placeFullSlab(cache(slot), at: pfn) else {
            zone.freeBlock(pfn, order: order)
            return nil
        }
        return md
    }
}

extension CacheIndex {
    /// The first kmalloc cache whose slabs are 2^order pages.
    static func kmallocSlot<L>(slabOrder order: Int, in machine: borrowing Machine<L>) -> Int? {
        kmallocCaches.first { machine.cache($0).pointee.order == order }
    }
}
