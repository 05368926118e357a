/// HugeTLB folios (mm/hugetlb.c) and, in a layout that has it, HugeTLB Vmemmap
/// Optimisation (mm/hugetlb_vmemmap.c). Growing the pool takes a fresh 2 MiB folio from the
/// buddy allocator and optimises its memmap; shrinking it restores the memmap and gives the
/// folio back. The pool's own free list is not modelled: a folio is in the pool while it is
/// allocated, and its last `folio_put` shrinks the pool.
extension Machine {
    /// `HUGETLB_PAGE_ORDER` on x86-64: 2 MiB.
    public static var hugetlbOrder: Int { PageGeometry.thpOrder }

    /// `alloc_fresh_hugetlb_folio` + `hugetlb_vmemmap_optimize_folio` + handing it out: a
    /// 2 MiB folio of type hugetlb with one reference. The memmap is optimised while the
    /// folio is still frozen (`_refcount` 0), as the pool does before enqueueing it. An
    /// optimisation that cannot be done leaves the folio unoptimised, as in the kernel.
    public func hugetlbAlloc() -> Memdesc? {
        guard let folio = allocatePages(order: Self.hugetlbOrder, type: .folio) else { return nil }
        let f = folio.pointer
        initializeFolio(f, order: Self.hugetlbOrder)
        // init_new_hugetlb_folio: __folio_set_hugetlb, a page type in place of the mapcount
        // (HugeTLB counts its mappings in `_entire_mapcount`), and the HugeTLB fields.
        FolioField.pageType.store(PageType.word(PageType.hugetlb), f)
        layout.initHugeTLBFolio(f)
        hugetlb.pointee.folios += 1
        hugetlb.pointee.grown += 1
        if L.hugeTLBVmemmapOptimization { _ = vmemmapOptimize(folio) }
        setRefcounted(f)
        return folio
    }

    /// `folio_test_hugetlb`.
    @inline(__always)
    public func isHugeTLB(_ folio: Memdesc) -> Bool {
        FolioField.pageType.load(folio.pointer) == PageType.word(PageType.hugetlb)
    }

    /// Whether the folio's memmap is optimised (`HPageVmemmapOptimized`).
    public func isVmemmapOptimized(_ folio: Memdesc) -> Bool {
        FolioField.private.load(folio.pointer) & HugeTLBFlag.vmemmapOptimized != 0
    }

    /// `update_and_free_hugetlb_folio`: restore the memmap, clear the type, free the pages.
    func freeHugeTLBFolio(_ folio: Memdesc) {
        if L.hugeTLBVmemmapOptimization && isVmemmapOptimized(folio) { vmemmapRestore(folio) }
        FolioField.pageType.store(PageType.noType, folio.pointer)
        hugetlb.pointee.folios -= 1
        free(folio)
    }

    /// Memmap pages describing one HugeTLB folio: 8 for a 64-byte `struct page`.
    static var vmemmapPagesPerFolio: Int { (L.pageDescriptorSize << hugetlbOrder) / PageGeometry.pageSize }

    /// The memmap page holding the folio's head descriptor.
    private func vmemmapPage(of folio: Memdesc) -> Int {
        layout.headPFN(of: folio) * L.pageDescriptorSize / PageGeometry.pageSize
    }

    /// `hugetlb_vmemmap_optimize_folio` (mm/hugetlb_vmemmap.c, v6.15): turn
    /// `hugetlb_optimize_vmemmap_key` on (`static_branch_inc`) before any fake head exists,
    /// wait for an RCU grace period (`synchronize_rcu()`, counted, not waited for: see
    /// `HugeTLBState.synchronizeRCU`), then map memmap pages 1-7 of the folio read-only onto
    /// page 0 and free them (`HUGETLB_VMEMMAP_RESERVE_SIZE` is one page). Page 0 holds the
    /// head and the first 63 tails; every later tail reads as one of those, and its
    /// `compound_head` is the same, except where it reads as the head: the fake heads.
    func vmemmapOptimize(_ folio: Memdesc) -> Bool {
        guard hugetlb.pointee.optimized < hugetlb.pointee.budget else { return false }
        layout.globals.pointee.hugetlbOptimizeVmemmap += 1
        hugetlb.pointee.synchronizeRCU += 1
        let first = vmemmapPage(of: folio)
        guard memmapMapping.share(first + 1 ..< first + Self.vmemmapPagesPerFolio, onto: first) else {
            layout.globals.pointee.hugetlbOptimizeVmemmap -= 1
            return false
        }
        FolioField.private.store(FolioField.private.load(folio.pointer) | HugeTLBFlag.vmemmapOptimized, folio.pointer)
        hugetlb.pointee.optimized += 1
        return true
    }

    /// `hugetlb_vmemmap_restore_folio`: a grace period (`synchronize_rcu()`, counted), then
    /// give pages 1-7 memory of their own again, each a copy of page 0 with its first
    /// `NR_RESET_STRUCT_PAGE` descriptors overwritten by the next ones, plain tails
    /// (`reset_struct_pages`: the copied head and the folio's three tails must not survive in
    /// a tail), and turn the key down (`static_branch_dec`).
    func vmemmapRestore(_ folio: Memdesc) {
        hugetlb.pointee.synchronizeRCU += 1
        let first = vmemmapPage(of: folio), size = PageGeometry.pageSize
        let reset = HugeTLBFlag.resetStructPages * L.pageDescriptorSize
        memmapMapping.unshare(first + 1 ..< first + Self.vmemmapPagesPerFolio)
        let source = memmapMapping.base + first * size
        for page in 1..<Self.vmemmapPagesPerFolio {
            let to = source + page * size
            to.copyMemory(from: source, byteCount: size)
            to.copyMemory(from: to + reset, byteCount: reset)
        }
        FolioField.private.store(FolioField.private.load(folio.pointer) & ~HugeTLBFlag.vmemmapOptimized, folio.pointer)
        hugetlb.pointee.optimized -= 1
        layout.globals.pointee.hugetlbOptimizeVmemmap -= 1
    }

    /// Memmap bytes HVO has freed.
    public var vmemmapSavedBytes: Int {
        hugetlb.pointee.optimized * (Self.vmemmapPagesPerFolio - 1) * PageGeometry.pageSize
    }
}

/// The HugeTLB pool's counters, in the machine's control block.
public struct HugeTLBState {
    /// HugeTLB folios allocated, now and ever.
    public var folios = 0
    public var grown = 0
    /// Those whose memmap is optimised.
    public var optimized = 0
    /// Optimised folios allowed at once. Each costs the process 8 VMAs (a one-page mapping
    /// per shared page, and the head page split off), and `vm.max_map_count` is 65530 by
    /// default; the kernel has no such limit.
    public static let defaultBudget = 4096
    public var budget = defaultBudget
    /// The `synchronize_rcu()` calls v6.15 makes for them: one per folio optimised and one
    /// per folio restored on the one-folio paths the model takes (`alloc_surplus_hugetlb_folio`,
    /// `free_huge_folio`); one per batch through `hugetlb_vmemmap_optimize_folios` and
    /// `hugetlb_vmemmap_restore_folios` (sysfs `nr_hugepages`). The model does not wait: an
    /// RCU grace period "extends for multiple milliseconds" (P. E. McKenney, "Is Parallel
    /// Programming Hard, And, If So, What Can You Do About It?", its RCU chapter); the
    /// `grow-shrink` row reports the count and times none of them.
    public var synchronizeRCU = 0
}

enum HugeTLBFlag {
    /// `HPG_vmemmap_optimized` (enum hugetlb_page_flags, mm/hugetlb.h): a bit of
    /// `folio->private`.
    static let vmemmapOptimized: UInt = 1 << 4
    /// `NR_RESET_STRUCT_PAGE` (mm/hugetlb_vmemmap.c): 4 since v6.15, whose 256-byte folio
    /// keeps HugeTLB fields where page[3] has `mapping` (it was 3).
    static let resetStructPages = 4
}
