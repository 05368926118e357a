/// Where pages enter and leave the free lists, with the sanity checks that
/// `check_pages_enabled` gates (mm/page_alloc.c, v6.15): `rmqueue` runs `check_new_pages`
/// on what it takes off a list, `__free_pages` runs `free_pages_prepare`'s checks before its
/// resets. With the key off (the kernel's default) both cost one predicted branch. A bad page
/// is reported (`KernelGlobals.report`) and kept out of circulation, as the kernel keeps it.
extension PerCPUPages {
    /// `rmqueue`: a block of 2^order pages, past any bad ones.
    @inline(__always)
    public func rmqueue(order: Int) -> Int? {
        let layout = zone.layout
        while let pfn = allocate(order: order) {
            guard layout.checkPagesEnabled, let bad = layout.checkNewPages(pfn, order: order) else { return pfn }
            layout.globals.pointee.report(bad)
        }
        return nil
    }

    /// `free_pages_prepare` (the checks when on, then the layout's resets, `release`) and
    /// the free list. False, with the pages left out, when a check failed.
    @discardableResult @inline(__always)
    public func freePages(_ pfn: Int, order: Int) -> Bool {
        let layout = zone.layout
        if layout.checkPagesEnabled, let bad = layout.checkFreePages(pfn, order: order) {
            layout.globals.pointee.report(bad)
            return false
        }
        layout.release(pfn, order: order)
        free(pfn, order: order)
        return true
    }
}
