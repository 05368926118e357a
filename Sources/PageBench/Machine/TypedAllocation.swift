/// The typed allocation entry points (seeds 000 and 003): `folio_alloc`, `pt_alloc`,
/// `netmem_alloc`, and slab pages through the slab allocator. Each does only the
/// preparation its type needs; in the small layouts each first allocates its descriptor
/// and then the pages (kernelnewbies.org/MatthewWilcox/FolioAlloc).
extension Machine {
    /// A block of 2^order pages resolving to a new memdesc of `type`, without the
    /// type-specific initialisation. Nil when memory, or a descriptor cache, is exhausted.
    /// `folioFields: false` is seed 000's proposal: no `prep_compound_head`.
    @inline(__always)
    func allocatePages(order: Int, type: MemdescType, folioFields: Bool = true) -> Memdesc? {
        var descriptor: UnsafeMutableRawPointer? = nil
        if L.separateMemdescs {
            guard let d = slab.allocate(cache(CacheIndex.descriptors(for: type, order: order))) else { return nil }
            descriptor = d
        }
        guard let pfn = pages.rmqueue(order: order) else {
            if let d = descriptor { slab.kfree(d) }
            return nil
        }
        return folioFields ? layout.prepare(pfn, order: order, type: type, descriptor: descriptor)
            : layout.prepareWithoutFolioFields(pfn, order: order, type: type, descriptor: descriptor)
    }

    /// `folio_alloc`: a folio with one reference, its mapcounts reset and, for order > 1,
    /// its `_deferred_list` initialised (the preparation seed 000 says slab does not need,
    /// which v6.15 gives every compound allocation). `index` is set before the reference, so
    /// a speculative reader never sees it change.
    @inline(__always)
    public func folioAlloc(order: Int, index: UInt = 0) -> Memdesc? {
        guard let folio = allocatePages(order: order, type: .folio) else { return nil }
        prepareFolio(folio.pointer, order: order, index: index)
        return folio
    }

    /// The fields `folio_alloc` sets (`prep_compound_head`, `folio_prep_large_rmappable`),
    /// then the reference (`set_page_refcounted`) with release ordering: a speculative reader
    /// that gets it sees an initialised folio.
    @inline(__always)
    func prepareFolio(_ f: UnsafeMutableRawPointer, order: Int, index: UInt = 0) {
        initializeFolio(f, order: order, index: index)
        setRefcounted(f)
    }

    /// The folio fields of `prepareFolio`, without the reference. In `legacy64` the page
    /// allocator wrote the large-folio counts (`prep_compound_head`); a separately allocated
    /// folio gets them here.
    @inline(__always)
    func initializeFolio(_ f: UnsafeMutableRawPointer, order: Int, index: UInt = 0) {
        let fields = L.folioLayout
        FolioField.mapping.store(0, f)
        FolioField.index.store(index, f)
        FolioField.private.store(0, f)
        FolioField.mapcount.store(-1, f)
        fields.memcg.store(0, f)
        // legacy64's page allocator wrote the large-folio counts (`prep_compound_head`).
        if L.separateMemdescs { FolioPreparation.largeCounts(f, order: order, fields: fields) }
    }

    /// `set_page_refcounted`: the last store of an allocation's preparation.
    @inline(__always)
    func setRefcounted(_ descriptor: UnsafeMutableRawPointer) {
        refcount(Memdesc(raw: UInt(bitPattern: descriptor))).store(1, ordering: .releasing)
    }

    /// `pagetable_alloc`: an order-0 page table with its lock initialised.
    @inline(__always)
    public func ptAlloc() -> Memdesc? {
        guard let pt = allocatePages(order: 0, type: .pageTable) else { return nil }
        preparePageTable(pt.pointer)
        return pt
    }

    /// The fields `pagetable_alloc` sets, then the reference.
    @inline(__always)
    func preparePageTable(_ p: UnsafeMutableRawPointer) {
        ListHead.initialize(p + PTDescField.ptList.offset)
        PTDescField.ptIndex.store(0, p)
        PTDescField.ptl.store(0, p)
        setRefcounted(p)
    }

    /// `page_pool_alloc_pages`: a network page with the page_pool signature and DMA address.
    @inline(__always)
    public func netmemAlloc(order: Int) -> Memdesc? {
        guard let net = allocatePages(order: order, type: .netmem) else { return nil }
        prepareNetmem(net)
        return net
    }

    /// The fields page_pool sets, then the reference.
    @inline(__always)
    func prepareNetmem(_ net: Memdesc) {
        let p = net.pointer
        NetmemField.ppMagic.store(NetmemField.signature, p)
        NetmemField.pp.store(UInt(bitPattern: caches), p)  // any stable pool address
        NetmemField.dmaAddr.store(UInt(layout.headPFN(of: net)) << PageGeometry.pageShift, p)
        NetmemField.ppRefCount.store(1, p)
        setRefcounted(p)
    }

    /// Allocate a page-allocator memdesc of `type` (folio, page table or netmem).
    @inline(__always)
    public func allocate(order: Int, type: MemdescType) -> Memdesc? {
        switch type {
        case .folio: folioAlloc(order: order)
        case .pageTable: order == 0 ? ptAlloc() : nil
        case .netmem: netmemAlloc(order: order)
        default: nil
        }
    }

    /// `__free_pages` + freeing the descriptor: the caller's last reference goes
    /// (`put_page_testzero`; `folio_put`'s is gone already), the pages stop resolving to the
    /// memdesc before the descriptor goes back to its cache (`SLAB_TYPESAFE_BY_RCU` order).
    /// A bad page (`check_pages_enabled`) keeps its pages and its descriptor.
    @inline(__always)
    public func free(_ memdesc: Memdesc) {
        let pfn = layout.headPFN(of: memdesc)
        let order = layout.order(ofPFN: pfn)
        refcount(memdesc).store(0, ordering: .relaxed)
        guard pages.freePages(pfn, order: order) else { return }
        if L.separateMemdescs { slab.kfree(memdesc.pointer) }
    }

    /// `kmalloc` of 1 to 8192 bytes.
    @inline(__always)
    public func kmalloc(_ size: Int) -> UnsafeMutableRawPointer? {
        slab.allocate(cache(CacheIndex.kmalloc(size: size)))
    }

    /// `kfree`.
    @inline(__always)
    public func kfree(_ object: UnsafeMutableRawPointer) { slab.kfree(object) }

    /// `virt_to_slab`.
    @inline(__always)
    public func virtToSlab(_ address: UnsafeRawPointer) -> UnsafeMutableRawPointer? {
        layout.virtToSlab(address, in: memory)
    }
}

extension Machine {
    /// Seed 000's proposal: the page half of `allocate_slab` from slab's own entry point,
    /// pages and `struct slab` for a slab of `order` with only the slab's own preparation (no
    /// objects threaded yet), since slab has no use for the folio preparation. Not today's
    /// path: in v6.15 a slab's pages go through `prep_compound_page` -> `prep_compound_head`
    /// like any compound page (`SlabAllocator.newSlab`). `specialist-alloc`'s `via=own` rows.
    @inline(__always)
    public func slabPageAlloc(order: Int) -> Memdesc? {
        guard let slab = allocatePages(order: order, type: .slab, folioFields: false) else { return nil }
        SlabField.freelist.store(0, slab.pointer)
        SlabField.counters.store(0, slab.pointer)
        ListHead.initialize(slab.pointer + SlabField.slabList.offset)
        return slab
    }
}
