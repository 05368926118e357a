/// Splitting a large folio (`split_huge_page_to_list_to_order`, mm/huge_memory.c).
///
/// legacy64 rewrites the tail pages in place. The memdesc layouts need a descriptor for
/// every new folio, from the cache its order needs (`CacheIndex.descriptors`): the first new
/// folio keeps the old descriptor when that is the same cache, and otherwise the old one is
/// freed once no page points to it. The new descriptors are allocated before anything is
/// touched; when they cannot be, nothing changes and the split reports failure, as the
/// kernel's split can fail.
extension Machine {
    /// Split `folio` into folios of `newOrder`, each with one reference. The caller holds the
    /// folio's only reference, which `folio_ref_freeze` takes to 0 while the folio is torn
    /// down. Returns the new folios' count, or nil, the folio unchanged, if descriptors
    /// could not be allocated, someone else holds a reference, or the folio is a HugeTLB
    /// folio, which the kernel never splits.
    @discardableResult
    public func split(_ folio: Memdesc, to newOrder: Int) -> Int? {
        guard !isHugeTLB(folio) else { return nil }
        let pfn = layout.headPFN(of: folio)
        let order = layout.order(ofPFN: pfn)
        guard newOrder < order else { return 1 }
        let count = 1 << (order - newOrder)
        let target = CacheIndex.descriptors(for: .folio, order: newOrder)
        let keep = target == CacheIndex.descriptors(for: .folio, order: order)
        // The new descriptors, threaded through their first word until used.
        var spare: UInt = 0
        if L.separateMemdescs {
            for _ in (keep ? 1 : 0)..<count {
                guard let d = slab.allocate(cache(target)) else {
                    freeDescriptors(spare)
                    return nil
                }
                d.storeBytes(of: spare, as: UInt.self)
                spare = UInt(bitPattern: d)
            }
        }
        guard refFreeze(folio, count: 1) else {
            freeDescriptors(spare)
            return nil
        }
        let index = FolioField.index.load(folio.pointer)
        layout.release(pfn, order: order)
        for chunk in 0..<count {
            let head = pfn + chunk << newOrder
            var descriptor: UnsafeMutableRawPointer? = nil
            if L.separateMemdescs {
                if chunk == 0 && keep {
                    descriptor = folio.pointer
                } else {
                    descriptor = ListHead.at(spare)
                    spare = ListHead.at(spare).load(as: UInt.self)
                }
            }
            let new = layout.prepare(head, order: newOrder, type: .folio, descriptor: descriptor).pointer
            prepareFolio(new, order: newOrder, index: index + UInt(chunk << newOrder))
        }
        // No page points to the old descriptor any more, and its count is 0.
        if L.separateMemdescs && !keep { slab.kfree(folio.pointer) }
        return count
    }

    /// Give back descriptors threaded through their first word.
    private func freeDescriptors(_ list: UInt) {
        var next = list
        while next != 0 {
            let d = ListHead.at(next)
            next = d.load(as: UInt.self)
            slab.kfree(d)
        }
    }
}
