/// Splitting a large folio (`split_huge_page_to_list_to_order`, mm/huge_memory.c).
///
/// legacy64 rewrites the tail pages in place. The memdesc layouts must allocate a new
/// descriptor for every new folio but the first, and that can fail: then nothing changes
/// and the split reports failure, as the kernel's split can fail.
extension Machine {
    /// Split `folio` into folios of `newOrder`, each with one reference. Returns the new
    /// folios' count, or nil if descriptors could not be allocated or the folio is a
    /// HugeTLB folio, which the kernel never splits (the folio is unchanged).
    @discardableResult
    public func split(_ folio: Memdesc, to newOrder: Int) -> Int? {
        guard !isHugeTLB(folio) else { return nil }
        let pfn = layout.headPFN(of: folio)
        let order = layout.order(ofPFN: pfn)
        guard newOrder < order else { return 1 }
        let count = 1 << (order - newOrder)
        // The new descriptors are allocated before anything is touched; they are threaded
        // through their first word until used.
        var spare: UInt = 0
        if L.separateMemdescs {
            for _ in 1..<count {
                guard let d = slab.allocate(cache(CacheIndex.folioDescriptors)) else {
                    while spare != 0 {
                        let next = ListHead.at(spare).load(as: UInt.self)
                        slab.kfree(ListHead.at(spare))
                        spare = next
                    }
                    return nil
                }
                d.storeBytes(of: spare, as: UInt.self)
                spare = UInt(bitPattern: d)
            }
        }
        let index = FolioField.index.load(folio.pointer)
        layout.release(pfn, order: order)
        for chunk in 0..<count {
            let head = pfn + chunk << newOrder
            var descriptor: UnsafeMutableRawPointer? = nil
            if L.separateMemdescs {
                if chunk == 0 {
                    descriptor = folio.pointer
                } else {
                    descriptor = ListHead.at(spare)
                    spare = ListHead.at(spare).load(as: UInt.self)
                }
            }
            let new = layout.prepare(head, order: newOrder, type: .folio, descriptor: descriptor).pointer
            prepareFolio(new, order: newOrder, index: index + UInt(chunk << newOrder))
        }
        return count
    }
}
