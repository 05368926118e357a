/// Collapsing 2^order order-0 folios back into one large folio, in place: the metadata
/// half of khugepaged's `collapse_huge_page` (the data copy is not modelled).
///
/// legacy64 rewrites the 2^order descriptors as one compound page. The memdesc layouts
/// allocate the new folio's descriptor first, from the cache its order needs (the large one
/// for a THP), and free the 2^order small ones: a collapse can fail for want of memory, and
/// then changes nothing.
extension Machine {
    /// Collapse the order-0 folios at `pfn ..< pfn + 2^order` (each with one reference,
    /// held by the collapse as khugepaged holds the pages it isolated) into one folio of
    /// `order`. Returns nil, changing nothing, if any page is not such a folio or no
    /// descriptor can be allocated for the new folio.
    public func collapse(_ pfn: Int, order: Int) -> Memdesc? {
        let count = 1 << order
        guard pfn & (count - 1) == 0, pfn + count <= pageCount else { return nil }
        for p in pfn..<pfn + count {
            let md = layout.memdesc(ofPFN: p)
            guard md.type == .folio, layout.headPFN(of: md) == p, layout.order(of: md) == 0,
                  refCount(md) == 1, FolioField.flags.load(md.pointer) & FolioFlag.fromSlab == 0 else { return nil }
        }
        var descriptor: UnsafeMutableRawPointer? = nil
        if L.separateMemdescs {
            guard let d = slab.allocate(cache(CacheIndex.descriptors(for: .folio, order: order))) else { return nil }
            descriptor = d
        }
        let index = FolioField.index.load(layout.memdesc(ofPFN: pfn).pointer)
        // Each old folio is frozen (`folio_ref_freeze`: its one reference, checked above, is
        // the collapse's) and its page stops resolving to it before its descriptor is freed.
        for p in pfn..<pfn + count {
            let old = layout.memdesc(ofPFN: p)
            let frozen = refFreeze(old, count: 1)
            assert(frozen, "pfn \(p) gained a reference during the collapse")
            layout.release(p, order: 0)
            if L.separateMemdescs { slab.kfree(old.pointer) }
        }
        let folio = layout.prepare(pfn, order: order, type: .folio, descriptor: descriptor)
        prepareFolio(folio.pointer, order: order, index: index)
        return folio
    }
}
