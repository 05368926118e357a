/// A SLUB-like slab allocator (mm/slub.c) over the page allocator, generic over the layout.
///
/// Fast paths as in SLUB: allocation pops the CPU slab's private freelist, and a free to
/// the CPU slab pushes onto it. The slow paths refill from the partial list or a new slab,
/// move a slab between full (on no list), partial and empty, and give empty slabs beyond
/// `min_partial` back to the page allocator. Free pointers live in free objects, where
/// `calculate_sizes` put them (`KmemCache.freePointerOffset`: after the object in a
/// `SLAB_TYPESAFE_BY_RCU` cache, so a free never overwrites what a lockless reader may
/// still read), so building a slab's freelist touches its data pages, as SLUB does.
/// `kfree` finds the slab through the layout's `virt_to_slab`.
///
/// Where `struct slab` comes from is the layout's business: legacy64 overlays it on the
/// head page; the small layouts allocate it from the `struct slab` cache (`slabCache`).
/// Bootstrap: that cache cannot allocate its own descriptors from itself without recursing,
/// so each of its slabs keeps its own `struct slab` in its first object (as the old SLAB
/// allocator kept on-slab management data). Every other cache, including the folio, ptdesc
/// and netmem descriptor caches, takes its slab descriptors from it, and the recursion ends
/// there: a descriptor-cache slab needs one `struct slab`, whose cache needs none.
public struct SlabAllocator<L: PageLayout>: ~Copyable {
    let pages: PerCPUPages<L>
    let memory: PhysicalMemory
    /// The `struct slab` cache, for layouts with separate memdescs.
    let slabCache: UnsafeMutablePointer<KmemCache>?
    /// Where the descriptor caches take their order-0 slab pages, when they have their own
    /// huge-page-mapped pageblocks (`UnmovableBlocks`).
    let unmovable: UnmovableBlocks<L>?
    /// Borrowed in place, never copied whole (`InPlace`).
    private let inPlace = InPlace()

    @inline(__always) var layout: L { pages.zone.layout }

    /// `kmem_cache_alloc`.
    @inline(__always)
    public func allocate(_ cache: UnsafeMutablePointer<KmemCache>) -> UnsafeMutableRawPointer? {
        let object = cache.pointee.cpuFreelist
        guard object != 0 else { return allocateSlow(cache) }
        cache.pointee.cpuFreelist = cache.pointee.freePointer(object)
        cache.pointee.liveObjects += 1
        return ListHead.at(object)
    }

    /// `kmem_cache_free` with the slab already known.
    @inline(__always)
    public func free(_ object: UnsafeMutableRawPointer, slab: UnsafeMutableRawPointer) {
        let cache = UnsafeMutablePointer<KmemCache>(bitPattern: SlabField.slabCache.load(slab)).unsafelyUnwrapped
        cache.pointee.liveObjects -= 1
        if UInt(bitPattern: slab) == cache.pointee.cpuSlab {
            cache.pointee.setFreePointer(object, cache.pointee.cpuFreelist)
            cache.pointee.cpuFreelist = UInt(bitPattern: object)
            return
        }
        freeSlow(object, slab: slab, cache: cache)
    }

    /// `kfree`: `virt_to_slab`, then `kmem_cache_free`.
    @inline(__always)
    public func kfree(_ object: UnsafeMutableRawPointer) {
        free(object, slab: layout.virtToSlab(object, in: memory).unsafelyUnwrapped)
    }

    // MARK: Slow paths

    /// `___slab_alloc`: retire the exhausted CPU slab (it is full, so on no list), then
    /// freeze a partial slab or a new one as the CPU slab.
    func allocateSlow(_ cache: UnsafeMutablePointer<KmemCache>) -> UnsafeMutableRawPointer? {
        if cache.pointee.cpuSlab != 0 {
            let slab = ListHead.at(cache.pointee.cpuSlab)
            var counters = SlabCounters(raw: SlabField.counters.load(slab))
            counters.frozen = false
            SlabField.counters.store(counters.raw, slab)
            cache.pointee.cpuSlab = 0
        }
        let slab: UnsafeMutableRawPointer
        if let partial = ListHead.first(partialList(cache)) {
            slab = partial - SlabField.slabList.offset
            ListHead.delete(partial)
            cache.pointee.nrPartial -= 1
        } else {
            guard let new = newSlab(cache) else { return nil }
            slab = new
        }
        cache.pointee.cpuFreelist = SlabField.freelist.load(slab)
        SlabField.freelist.store(0, slab)
        SlabField.counters.store(SlabCounters(inuse: cache.pointee.objects, objects: cache.pointee.objects,
                                              frozen: true).raw, slab)
        cache.pointee.cpuSlab = UInt(bitPattern: slab)
        return allocate(cache)
    }

    /// `__slab_free`: back onto the slab's own freelist; a full slab becomes partial, an
    /// empty one is discarded once `min_partial` slabs are kept.
    func freeSlow(_ object: UnsafeMutableRawPointer, slab: UnsafeMutableRawPointer, cache: UnsafeMutablePointer<KmemCache>) {
        let prior = SlabField.freelist.load(slab)
        cache.pointee.setFreePointer(object, prior)
        SlabField.freelist.store(UInt(bitPattern: object), slab)
        var counters = SlabCounters(raw: SlabField.counters.load(slab))
        counters.inuse -= 1
        SlabField.counters.store(counters.raw, slab)
        let onPartial = prior != 0
        if counters.inuse == 0 && cache.pointee.nrPartial >= cache.pointee.minPartial && !cache.pointee.typesafeByRCU {
            if onPartial { removePartial(slab, cache) }
            discardSlab(slab, cache)
        } else if !onPartial {
            ListHead.add(slab + SlabField.slabList.offset, partialList(cache))
            cache.pointee.nrPartial += 1
        }
    }

    @inline(__always)
    func partialList(_ cache: UnsafeMutablePointer<KmemCache>) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(cache) + MemoryLayout<KmemCache>.offset(of: \KmemCache.partial)!
    }

    func removePartial(_ slab: UnsafeMutableRawPointer, _ cache: UnsafeMutablePointer<KmemCache>) {
        ListHead.delete(slab + SlabField.slabList.offset)
        cache.pointee.nrPartial -= 1
    }

    /// `allocate_slab`: the descriptor first, then the pages (the order of
    /// kernelnewbies.org/MatthewWilcox/FolioAlloc), then the freelist through every object.
    /// - Parameter claimed: pages already taken from the buddy allocator for it (a machine
    ///   state placing slabs where a snapshot had them), instead of new ones.
    func newSlab(_ cache: UnsafeMutablePointer<KmemCache>, claimed: Int? = nil) -> UnsafeMutableRawPointer? {
        let order = cache.pointee.order
        var descriptor: UnsafeMutableRawPointer? = nil
        if L.separateMemdescs && !cache.pointee.selfHosted {
            guard let d = allocate(slabCache.unsafelyUnwrapped) else { return nil }
            descriptor = d
        }
        guard let pfn = claimed ?? descriptorPage(cache, order: order) ?? pages.rmqueue(order: order) else {
            if let d = descriptor { kfree(d) }
            return nil
        }
        let base = memory.address(ofPFN: pfn)
        var first = 0
        if L.separateMemdescs && cache.pointee.selfHosted {
            descriptor = base
            first = cache.pointee.size
        }
        let slab = layout.prepare(pfn, order: order, type: .slab, descriptor: descriptor).pointer
        SlabField.slabCache.store(UInt(bitPattern: cache), slab)
        let size = cache.pointee.size
        var object = base + first
        let last = object + (cache.pointee.objects - 1) * size
        while object < last {
            cache.pointee.setFreePointer(object, UInt(bitPattern: object + size))
            object += size
        }
        cache.pointee.setFreePointer(last, 0)
        SlabField.freelist.store(UInt(bitPattern: base + first), slab)
        SlabField.counters.store(SlabCounters(inuse: 0, objects: cache.pointee.objects, frozen: false).raw, slab)
        cache.pointee.nrSlabs += 1
        return slab
    }

    /// A slab of `cache` on the claimed pages at `pfn` with every object in use, so on no
    /// list (a full slab), for a machine state; its objects have no owner and stay.
    func placeFullSlab(_ cache: UnsafeMutablePointer<KmemCache>, at pfn: Int) -> Memdesc? {
        guard let slab = newSlab(cache, claimed: pfn) else { return nil }
        let objects = cache.pointee.objects
        SlabField.freelist.store(0, slab)
        SlabField.counters.store(SlabCounters(inuse: objects, objects: objects, frozen: false).raw, slab)
        cache.pointee.liveObjects += objects
        return Memdesc(slab, .slab)
    }

    /// A page of a descriptor pageblock for a descriptor cache's order-0 slab, or nil.
    @inline(__always)
    func descriptorPage(_ cache: UnsafeMutablePointer<KmemCache>, order: Int) -> Int? {
        guard let unmovable, order == 0, cache.pointee.isDescriptorCache else { return nil }
        return unmovable.allocate()
    }

    /// `discard_slab`: pages back to the page allocator, then the descriptor to its cache
    /// (after no page points to it any more).
    func discardSlab(_ slab: UnsafeMutableRawPointer, _ cache: UnsafeMutablePointer<KmemCache>) {
        let pfn = layout.headPFN(of: Memdesc(slab, .slab))
        let order = cache.pointee.order
        cache.pointee.nrSlabs -= 1
        if let unmovable, unmovable.holds(pfn) {
            layout.release(pfn, order: order)
            unmovable.free(pfn)
        } else {
            guard pages.freePages(pfn, order: order) else { return }
        }
        if L.separateMemdescs && !cache.pointee.selfHosted { kfree(slab) }
    }

    /// `flush_cpu_slab` + `deactivate_slab`: give the CPU slab's free objects back to the
    /// slab so every slab's counters are exact (for checks and accounting; never timed).
    public func flush(_ cache: UnsafeMutablePointer<KmemCache>) {
        guard cache.pointee.cpuSlab != 0 else { return }
        let slab = ListHead.at(cache.pointee.cpuSlab)
        var free = 0
        var object = cache.pointee.cpuFreelist
        var chain = SlabField.freelist.load(slab)
        while object != 0 {
            let next = cache.pointee.freePointer(object)
            cache.pointee.setFreePointer(ListHead.at(object), chain)
            chain = object
            object = next
            free += 1
        }
        cache.pointee.cpuSlab = 0
        cache.pointee.cpuFreelist = 0
        SlabField.freelist.store(chain, slab)
        let inuse = cache.pointee.objects - free
        SlabField.counters.store(SlabCounters(inuse: inuse, objects: cache.pointee.objects, frozen: false).raw, slab)
        if inuse == 0 && cache.pointee.nrPartial >= cache.pointee.minPartial && !cache.pointee.typesafeByRCU {
            discardSlab(slab, cache)
        } else if free > 0 {
            ListHead.add(slab + SlabField.slabList.offset, partialList(cache))
            cache.pointee.nrPartial += 1
        }
    }

    /// `kmem_cache_shrink`: flush the CPU slab and give every empty slab back.
    public func shrink(_ cache: UnsafeMutablePointer<KmemCache>) {
        flush(cache)
        var entry = ListHead.first(partialList(cache))
        while let e = entry {
            entry = ListHead.next(e, partialList(cache))
            let slab = e - SlabField.slabList.offset
            if SlabCounters(raw: SlabField.counters.load(slab)).inuse == 0 {
                removePartial(slab, cache)
                discardSlab(slab, cache)
            }
        }
    }
}
