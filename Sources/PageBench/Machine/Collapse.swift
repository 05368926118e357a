/// Collapsing 2^order order-0 folios back into one large folio, in place: the metadata
/// half of khugepaged's `collapse_huge_page` (the data copy is not modelled).
///
/// legacy64 rewrites the 512 descriptors as one compound page. The memdesc layouts keep
/// the first folio's descriptor and free the other 511: collapsing never needs memory.
extension Machine {
    /// Collapse the order-0 folios at `pfn ..< pfn + 2^order` (each with one reference)
    /// into one folio of `order`. Returns nil, changing nothing, if any page is not such a
    /// folio.
    public func collapse(_ pfn: Int, order: Int) -> Memdesc? {
        let count = 1 << order
        guard pfn & (count - 1) == 0, pfn + count <= pageCount else { return nil }
        for p in pfn..<pfn + count {
            let md = layout.memdesc(ofPFN: p)
            guard md.type == .folio, layout.headPFN(of: md) == p, layout.order(of: md) == 0,
                  refCount(md) == 1, FolioField.flags.load(md.pointer) & FolioFlag.fromSlab == 0 else { return nil }
        }
        let first = layout.memdesc(ofPFN: pfn)
        let index = FolioField.index.load(first.pointer)
        // Each page stops resolving to its folio before that folio's descriptor is freed.
        layout.release(pfn, order: 0)
        for p in pfn + 1..<pfn + count {
            let old = layout.memdesc(ofPFN: p)
            layout.release(p, order: 0)
            if L.separateMemdescs { slab.kfree(old.pointer) }
        }
        let folio = layout.prepare(pfn, order: order, type: .folio,
                                   descriptor: L.separateMemdescs ? first.pointer : nil)
        prepareFolio(folio.pointer, order: order, index: index)
        return folio
    }
}
