/// Folios handed out one page at a time from a slab (seed 004).
///
/// The slab is kmalloc-4k: order-3 slabs of eight page-sized objects, the "order-3 slab"
/// of the seed. Allocating takes a page from it, allocates the folio, and lets the layout
/// point the page at the folio while remembering the slab (chead16 stashes the page's old
/// words in the folio; twoword16 keeps the slab in the allocator word). Freeing undoes it
/// and returns the page to the slab. legacy64 cannot express this: it hands out an ordinary
/// order-0 folio from the page allocator instead.
extension Machine {
    /// The cache whose slabs the nested folios come from.
    public var pageSlab: UnsafeMutablePointer<KmemCache> { cache(CacheIndex.kmalloc(size: PageGeometry.pageSize)) }

    public func folioAllocFromSlab() -> Memdesc? {
        guard L.supportsNestedFolios else { return folioAlloc(order: 0) }
        guard let folio = slab.allocate(cache(CacheIndex.descriptors(for: .folio, order: 0))) else { return nil }
        guard let page = slab.allocate(pageSlab) else {
            slab.kfree(folio)
            return nil
        }
        let memdesc = layout.nestFolio(memory.pfn(of: page), folio: folio)
        FolioField.flags.store(FolioFlag.fromSlab, folio)
        prepareFolio(folio, order: 0)
        return memdesc
    }

    func freeNestedFolio(_ folio: Memdesc) {
        let pfn = layout.headPFN(of: folio)
        layout.unnestFolio(pfn, folio: folio.pointer)
        FolioField.flags.store(0, folio.pointer)
        slab.kfree(folio.pointer)
        slab.kfree(memory.address(ofPFN: pfn))
    }
}
