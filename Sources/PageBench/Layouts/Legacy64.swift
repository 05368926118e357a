/// `legacy64`: today's 64-byte `struct page` (include/linux/mm_types.h, v6.15, x86-64).
///
/// Folios, slabs, ptdescs and page_pool pages are overlays of the head page (the folio also
/// of the first three tail pages); nothing is allocated beside the memmap. A compound page's
/// tails point to the head with `compound_head = head | 1`, so `page_folio` costs one load,
/// plus one dependent load for a tail. Free blocks carry `PGTY_buddy` in `page_type`, their
/// order in `private`, and are linked through `buddy_list`.
///
/// `legacy64-hvo` is the same memmap with HugeTLB Vmemmap Optimisation: its
/// `compound_head` also resolves fake heads (`VmemmapOptimization`).
public struct Legacy64Layout<Vmemmap: VmemmapOptimization>: ListHeadPage {
    public static var name: String { "legacy64" + Vmemmap.nameSuffix }
    public static var pageDescriptorSize: Int { 64 }
    public static var separateMemdescs: Bool { false }
    public static var supportsNestedFolios: Bool { false }
    public static var hugeTLBVmemmapOptimization: Bool { Vmemmap.optimizesHugeTLB }
    public static var listOffset: Int { Page.listNext.offset }
    /// The folio's own fields in the head page and its first two tails.
    @inline(__always)
    public static var folioLayout: FolioLayout {
        FolioLayout(memcg: Page.memcgData, pincount: Page.pincount, pincountOrder: 1, largeOrder: 1,
                    deferredList: Page.deferredList)
    }
    /// The floor does the plain `compound_head` loads: for `-hvo` it shows the fake-head check.
    public static var floorPattern: FloorPattern { .compoundHead }

    public let memmap: UnsafeMutableRawPointer
    public let pageCount: Int

    public init(memmap: UnsafeMutableRawPointer, arena: UnsafeMutableRawPointer, pageCount: Int) {
        self.memmap = memmap
        self.pageCount = pageCount
    }

    /// Offsets of `struct page`, and of the folio fields that live in tail pages.
    public enum Page {
        @inline(__always) static var flags: Field<UInt64> { .init("flags", 0) }
        /// `lru` / `buddy_list` / `pcp_list`: `struct list_head` at 8.
        @inline(__always) static var listNext: Field<UInt> { .init("buddy_list.next", 8) }
        /// Bit 0 set on tail pages.
        @inline(__always) static var compoundHead: Field<UInt> { .init("compound_head", 8) }
        @inline(__always) static var mapping: Field<UInt> { .init("mapping", 24) }
        @inline(__always) static var `private`: Field<UInt> { .init("private", 40) }
        @inline(__always) static var pageType: Field<UInt32> { .init("page_type", 48) }
        @inline(__always) static var refcount: Field<Int32> { .init("_refcount", 52) }
        @inline(__always) static var memcgData: Field<UInt> { .init("memcg_data", 56) }
        /// The folio's order is in the low byte of the first tail's flags (`folio_order`,
        /// `folio_set_order`).
        @inline(__always) static var flags1: Field<UInt64> { .init("_flags_1", 64) }
        @inline(__always) static var pincount: Field<Int32> { .init("_pincount", 92) }
        /// The folio's `_nr_pages` overlays the first tail's `memcg_data`.
        @inline(__always) static var nrPages: Field<UInt32> { .init("_nr_pages", 120) }
        /// `_deferred_list` in the second tail page (seed 000's THP preparation).
        @inline(__always) static var deferredList: Field<ListHead> { .init("_deferred_list", 144) }
        /// CONFIG_MM_ID's `_mm_id_mapcount[2]` (both, -1 each when unmapped) and `_mm_ids`, in
        /// the first tail's `index` and `private` (v6.15; the separate folio has no room).
        @inline(__always) static var mmIDMapcounts: Field<UInt64> { .init("_mm_id_mapcount[2]", 96) }
        @inline(__always) static var mmIDs: Field<UInt> { .init("_mm_ids", 104) }
        /// The HugeTLB fields, in the fourth page since v6.15 ("mm: move hugetlb specific
        /// things in folio to page[3]"), which made `struct folio` 256 bytes: they overlay
        /// page[3]'s `lru.prev`, `mapping`, `index` and `private`.
        @inline(__always) static var hugetlbSubpool: Field<UInt> { .init("_hugetlb_subpool", 208) }
        @inline(__always) static var hugetlbCgroup: Field<UInt> { .init("_hugetlb_cgroup", 216) }
        @inline(__always) static var hugetlbCgroupRsvd: Field<UInt> { .init("_hugetlb_cgroup_rsvd", 224) }
        @inline(__always) static var hugetlbHWPoison: Field<UInt> { .init("_hugetlb_hwpoison", 232) }

        /// `TAIL_MAPPING`, what `prep_compound_tail` stores in a tail's `mapping`.
        static var tailMapping: UInt { 0x400 + poisonPointerDelta }
        /// The tails whose `mapping` holds folio fields, not `TAIL_MAPPING`: the first three
        /// (`free_tail_page_prepare` skips page[3] with CONFIG_HUGETLB_PAGE).
        static var folioTails: Int { 3 }
    }

    @inline(__always)
    func page(_ pfn: Int) -> UnsafeMutableRawPointer { memmap + (pfn << 6) }

    @inline(__always)
    func pfn(ofPage page: UnsafeRawPointer) -> Int { (page - UnsafeRawPointer(memmap)) >> 6 }

    /// `_compound_head(page)`: the word at 8, read once; bit 0 set means "tail, head is
    /// word - 1". With HVO, a page that is not a tail may be a fake head.
    @inline(__always)
    func compoundHead(_ page: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        let word = readOnce(page + Page.compoundHead.offset)
        let head = word & 1 != 0 ? UnsafeMutableRawPointer(bitPattern: word - 1).unsafelyUnwrapped : page
        // Testing the key and the alignment first (neither waits for the load) leaves a
        // machine with no optimised folio one predicted branch more than legacy64, and 63
        // pages in 64 two.
        if _slowPath(mayBeFakeHead(page)) {
            if word & 1 == 0 { return fixedFakeHead(page) }
        }
        return head
    }

    /// The first two tests of `page_fixed_fake_head` (include/linux/page-flags.h, v6.15):
    /// `hugetlb_optimize_vmemmap_key` is on (some folio is optimised), and the struct page
    /// starts a memmap page (only those can be fake heads).
    @inline(__always)
    func mayBeFakeHead(_ page: UnsafeRawPointer) -> Bool {
        Vmemmap.optimizesHugeTLB && globals.pointee.hugetlbOptimizeVmemmap != 0
            && Int(bitPattern: page) & (PageGeometry.pageSize - 1) == 0
    }

    /// The rest of `page_fixed_fake_head`: the first struct page of memmap pages 1-7 of an
    /// optimised HugeTLB folio reads as the head itself (same memory), so a page-aligned
    /// struct page with PG_head is a fake head when the next one is a tail; the real head is
    /// that tail's. Reads `page[1]`, a second cache line.
    @inline(__always)
    func fixedFakeHead(_ page: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        guard Page.flags.load(page) & PageFlags.head != 0 else { return page }
        let next = readOnce(page + 64 + Page.compoundHead.offset)
        return next & 1 != 0 ? UnsafeMutableRawPointer(bitPattern: next - 1).unsafelyUnwrapped : page
    }

    /// `page_count_writable`: with the key on, a page whose `_refcount` reads 0 (a tail, or a
    /// frozen folio HVO is remapping) or that is a fake head must not be written: its
    /// struct page may be read-only memmap. Tested before `folio_try_get` writes.
    @inline(__always)
    public func pageCountWritable(_ memdesc: Memdesc) -> Bool {
        guard Vmemmap.optimizesHugeTLB, _slowPath(globals.pointee.hugetlbOptimizeVmemmap != 0) else { return true }
        let p = memdesc.pointer
        if readAcquire(p + Page.refcount.offset) == 0 { return false }
        return !mayBeFakeHead(p) || fixedFakeHead(p) == p
    }

    /// What the head page is, from `page_type`, `pp_magic` and `_refcount`. All three sit
    /// in the head's cache line and are loaded unconditionally, so the choice is a chain
    /// of selects: a scan meets the types mixed, and branches on them mispredict.
    @inline(__always)
    func type(ofHead head: UnsafeMutableRawPointer) -> MemdescType {
        let typeByte = Page.pageType.load(head) >> 24
        let netmem = NetmemField.ppMagic.load(head) & ~3 == NetmemField.signature
        var type: MemdescType = Page.refcount.load(head) != 0 ? .folio : .none
        type = netmem ? .netmem : type
        type = typeByte == PageType.table ? .pageTable : type
        type = typeByte == PageType.slab ? .slab : type
        return typeByte == PageType.buddy ? .buddy : type
    }

    // MARK: Buddy state

    @inline(__always)
    public func setBuddy(_ pfn: Int, order: Int) {
        let p = page(pfn)
        Page.pageType.store(PageType.word(PageType.buddy), p)
        Page.private.store(UInt(order), p)
    }

    @inline(__always)
    public func clearBuddy(_ pfn: Int) {
        let p = page(pfn)
        Page.pageType.store(PageType.noType, p)
        Page.private.store(0, p)
    }

    @inline(__always)
    public func isBuddy(_ pfn: Int, order: Int) -> Bool {
        let p = page(pfn)
        return Page.pageType.load(p) == PageType.word(PageType.buddy) && Page.private.load(p) == UInt(order)
    }

    @inline(__always)
    public func buddyOrder(_ pfn: Int) -> Int? {
        let p = page(pfn)
        return Page.pageType.load(p) == PageType.word(PageType.buddy) ? Int(Page.private.load(p)) : nil
    }

    /// Pages on the per-CPU lists carry no type (the kernel keeps their order in the list).
    @inline(__always) public func setPCP(_ pfn: Int, order: Int) {}
    @inline(__always) public func clearPCP(_ pfn: Int) {}

    // MARK: Allocation

    /// `prep_new_page` (mm/page_alloc.c, v6.15): `post_alloc_hook`'s `set_page_private(page,
    /// 0)`, `clear_page_pfmemalloc` (`lru.next` = NULL), the type, and for order > 0
    /// `prep_compound_page`: PG_head, every tail's `mapping` (`TAIL_MAPPING`),
    /// `compound_head` and `private`, then `prep_compound_head`. That is the path of every
    /// compound allocation, slabs included (`alloc_slab_page` takes frozen pages with
    /// `__GFP_COMP`, so a slab's `_refcount` stays 0).
    @inline(__always)
    public func prepare(_ pfn: Int, order: Int, type: MemdescType,
                        descriptor: UnsafeMutableRawPointer?) -> Memdesc {
        let memdesc = prepareWithoutFolioFields(pfn, order: order, type: type, descriptor: descriptor)
        if order > 0 { prepCompoundHead(memdesc.pointer, order: order) }
        return memdesc
    }

    /// `prepare` without `prep_compound_head`'s counts (seed 000's proposal for slab): the
    /// order stays where `compound_order` reads it, `folio_set_order`'s `_flags_1` and
    /// `_nr_pages`.
    @inline(__always)
    public func prepareWithoutFolioFields(_ pfn: Int, order: Int, type: MemdescType,
                                          descriptor: UnsafeMutableRawPointer?) -> Memdesc {
        let head = page(pfn)
        Page.private.store(0, head)
        Page.listNext.store(0, head)
        switch type {
        case .slab: Page.pageType.store(PageType.word(PageType.slab), head)
        case .pageTable: Page.pageType.store(PageType.word(PageType.table), head)
        case .netmem: NetmemField.ppMagic.store(NetmemField.signature, head)
        default: break  // _mapcount is -1 on every free page
        }
        if order > 0 {
            Page.flags.store(Page.flags.load(head) | PageFlags.head, head)  // __SetPageHead
            let tailWord = UInt(bitPattern: head) | 1
            var tail = head + 64
            let end = head + (64 << order)
            while tail < end {
                Page.mapping.store(Page.tailMapping, tail)
                Page.compoundHead.store(tailWord, tail)
                Page.private.store(0, tail)
                tail += 64
            }
            // folio_set_order
            Page.flags1.store(Page.flags1.load(head) & ~0xff | UInt64(order), head)
            Page.nrPages.store(1 << order, head)
        }
        return Memdesc(head, type)
    }

    /// `prep_compound_head` after `folio_set_order`: the large-folio counts and, with
    /// CONFIG_MM_ID (selected by THP), the `_mm_id` slots.
    @inline(__always)
    func prepCompoundHead(_ head: UnsafeMutableRawPointer, order: Int) {
        FolioPreparation.largeCounts(head, order: order, fields: Self.folioLayout)
        Page.mmIDs.store(0, head)
        Page.mmIDMapcounts.store(~0, head)
    }

    /// `init_new_hugetlb_folio`: the page[3] fields NULL (CONFIG_CGROUP_HUGETLB).
    public func initHugeTLBFolio(_ folio: UnsafeMutableRawPointer) {
        Page.hugetlbSubpool.store(0, folio)
        Page.hugetlbCgroup.store(0, folio)
        Page.hugetlbCgroupRsvd.store(0, folio)
    }

    /// `free_pages_prepare` (mm/page_alloc.c, v6.15) as it runs with `check_pages_enabled`
    /// off: for a compound page `page[1].flags &= ~PAGE_FLAGS_SECOND` and `_nr_pages = 0`;
    /// per tail `free_tail_page_prepare`'s `mapping = NULL` and `clear_compound_head`, then
    /// `flags &= ~PAGE_FLAGS_CHECK_AT_PREP`; the same for the head's flags (where
    /// `page_cpupid_reset_last` also sets the last_cpupid field, which the model lacks).
    /// Before it, the owner's destructor: `__free_slab` NULLs `mapping` and clears PGTY_slab,
    /// `pagetable_dtor` PGTY_table, `page_pool_clear_pp_info` `pp_magic`. `_refcount` is set
    /// to 0: it is already, after the caller's last put, except where split and collapse
    /// reuse a live folio's pages in place.
    @inline(__always)
    public func release(_ pfn: Int, order: Int) {
        let head = page(pfn)
        if order > 0 {
            Page.flags1.store(Page.flags1.load(head) & ~PageFlags.second, head)
            Page.nrPages.store(0, head)
            var tail = head + 64
            let end = head + (64 << order)
            while tail < end {
                Page.mapping.store(0, tail)
                Page.compoundHead.store(0, tail)
                Page.flags.store(Page.flags.load(tail) & ~PageFlags.checkAtPrep, tail)
                tail += 64
            }
        }
        Page.mapping.store(0, head)
        Page.pageType.store(PageType.noType, head)
        NetmemField.ppMagic.store(0, head)
        Page.refcount.store(0, head)
        Page.flags.store(Page.flags.load(head) & ~PageFlags.checkAtPrep, head)
    }

    // MARK: Sanity checks

    /// `check_new_pages`: `page_expected_state(p, PAGE_FLAGS_CHECK_AT_PREP | __PG_HWPOISON)`
    /// on each page: one cache line per page.
    @inline(__always)
    public func checkNewPages(_ pfn: Int, order: Int) -> BadPage? {
        for p in pfn..<pfn + (1 << order) {
            if let bad = PageState(page(p), memcg: Page.memcgData).check(PageFlags.checkAtPrep | PageFlags.hwpoison, pfn: p) { return bad }
        }
        return nil
    }

    /// `free_pages_prepare`'s checks: for a compound page `free_tail_page_prepare` (the
    /// folio's counts in the first two tails, `TAIL_MAPPING` from the fifth page on,
    /// `compound_head`) and `free_page_is_bad` on every tail, then on the head. Each page is
    /// read as the resets before its check leave it: a tail's `mapping` and `compound_head`
    /// gone, the first tail's `_nr_pages` (its `memcg_data`) 0 and its `PAGE_FLAGS_SECOND`
    /// clear; the head without the type, `mapping` and signature its owner's destructor clears.
    public func checkFreePages(_ pfn: Int, order: Int) -> BadPage? {
        let head = page(pfn)
        if order > 0 {
            if let reason = FolioState.largeFolioBad(head, order: order, fields: Self.folioLayout,
                                                     mmIDs: Page.mmIDMapcounts) {
                return BadPage(pfn: pfn + (reason == .onDeferredList ? 2 : 1), reason)
            }
            for i in 1..<(1 << order) {
                let tail = head + 64 * i
                if i > Page.folioTails && Page.mapping.load(tail) != Page.tailMapping {
                    return BadPage(pfn: pfn + i, .corruptedTailMapping)
                }
                if Page.compoundHead.load(tail) != UInt(bitPattern: head) | 1 {
                    return BadPage(pfn: pfn + i, .headNotConsistent)
                }
                var state = PageState(tail, memcg: Page.memcgData)
                state.mapping = 0
                state.pagePool = false
                if i == 1 {
                    state.memcgData = 0
                    state.flags &= ~PageFlags.second
                }
                if let bad = state.check(PageFlags.checkAtFree, pfn: pfn + i) { return bad }
            }
        }
        var state = PageState(head, memcg: Page.memcgData)
        let typeByte = UInt32(bitPattern: state.mapcount) >> 24
        if typeByte == PageType.slab || typeByte == PageType.table { state.mapcount = -1 }
        if typeByte == PageType.slab || state.mapping & 3 != 0 { state.mapping = 0 }  // or PageMappingFlags
        state.pagePool = false
        return state.check(PageFlags.checkAtFree, pfn: pfn)
    }

    /// `__init_single_page`'s `page_mapcount_reset`: `_mapcount` -1 in every struct page.
    public func initializeMemmap() {
        var p = memmap
        let end = memmap + (pageCount << 6)
        while p < end {
            Page.pageType.store(PageType.noType, p)
            p += 64
        }
    }

    public func nestFolio(_ pfn: Int, folio: UnsafeMutableRawPointer) -> Memdesc {
        preconditionFailure("legacy64 cannot hand out one page of a slab as a folio")
    }

    public func unnestFolio(_ pfn: Int, folio: UnsafeMutableRawPointer) {
        preconditionFailure("legacy64 cannot hand out one page of a slab as a folio")
    }

    // MARK: Lookup

    @inline(__always)
    public func memdesc(ofPFN pfn: Int) -> Memdesc {
        let head = compoundHead(page(pfn))
        let type = type(ofHead: head)
        return type == .none ? .none : Memdesc(head, type)
    }

    /// `compound_order`: PG_head ? `folio->_flags_1 & 0xff` : 0; a free block's `private`.
    @inline(__always)
    public func order(ofPFN pfn: Int) -> Int {
        let head = compoundHead(page(pfn))
        if Page.flags.load(head) & PageFlags.head != 0 { return Int(Page.flags1.load(head) & 0xff) }
        if Page.pageType.load(head) == PageType.word(PageType.buddy) { return Int(Page.private.load(head)) }
        return 0
    }

    @inline(__always)
    public func headPFN(of memdesc: Memdesc) -> Int { pfn(ofPage: memdesc.pointer) }

    @inline(__always)
    public func order(of memdesc: Memdesc) -> Int { order(ofPFN: headPFN(of: memdesc)) }

    public func owner(ofPFN pfn: Int) -> Memdesc { memdesc(ofPFN: pfn) }

    /// One pass over the block's first page, as `isolate_migratepages_block` (mm/compaction.c)
    /// makes it: `PageBuddy` and `buddy_order`, else `compound_order`, which is 0 unless
    /// the page has PG_head. Like the kernel's scanner it does not resolve `compound_head`:
    /// a scan lands on block heads, and a tail reads as what its own struct page says.
    /// The order's loads are the scan's critical path (the next block depends on them), so
    /// they sit behind branches the predictor learns; the type is off that path, a select.
    @inline(__always)
    public func classify(_ pfn: Int) -> (type: MemdescType, order: Int) {
        let head = page(pfn)
        let order: Int
        if Page.pageType.load(head) >> 24 == PageType.buddy {
            order = Int(truncatingIfNeeded: Page.private.load(head))
        } else if Page.flags.load(head) & PageFlags.head != 0 {
            order = Int(Page.flags1.load(head) & 0xff)
        } else {
            order = 0
        }
        return (type(ofHead: head), order)
    }

    /// `page_folio` is `compound_head`: a free page is its own head, with `_refcount` 0.
    @inline(__always)
    public func pageFolio(_ pfn: Int) -> UnsafeRawPointer { UnsafeRawPointer(compoundHead(page(pfn))) }

    /// `virt_to_slab`: `page_folio`, then `folio_test_slab`.
    @inline(__always)
    public func slab(ofPFN pfn: Int) -> UnsafeMutableRawPointer? {
        let head = compoundHead(page(pfn))
        return Page.pageType.load(head) >> 24 == PageType.slab ? head : nil
    }

    // MARK: Description

    public static var structs: [StructDescription] {
        let page: [FieldDescription] = [
            Page.flags.described,
            FieldDescription(name: "lru / buddy_list / pcp_list", offset: 8, size: 16),
            Page.compoundHead.described,
            NetmemField.ppMagic.described,
            NetmemField.pp.described,
            FolioField.mapping.described,
            FieldDescription(name: "_pp_mapping_pad", offset: 24, size: 8),
            FolioField.index.described,
            NetmemField.dmaAddr.described,
            Page.private.described,
            NetmemField.ppRefCount.described,
            FieldDescription(name: "page_type / _mapcount", offset: 48, size: 4),
            Page.refcount.described,
            Page.memcgData.described,
        ]
        let folio = FolioField.common + [
            Page.memcgData.described, Page.flags1.described,
            FieldDescription(name: "_head_1", offset: 72, size: 8),
        ] + FolioField.large + [
            Page.pincount.described,
            Page.mmIDMapcounts.described,
            Page.mmIDs.described,
            FieldDescription(name: "_mapcount_1", offset: 112, size: 4),
            FieldDescription(name: "_refcount_1", offset: 116, size: 4),
            Page.nrPages.described,
            FieldDescription(name: "_flags_2", offset: 128, size: 8),
            FieldDescription(name: "_head_2", offset: 136, size: 8),
            Page.deferredList.described,
            FieldDescription(name: "_flags_3", offset: 192, size: 8),
            FieldDescription(name: "_head_3", offset: 200, size: 8),
            Page.hugetlbSubpool.described,
            Page.hugetlbCgroup.described,
            Page.hugetlbCgroupRsvd.described,
            Page.hugetlbHWPoison.described,
        ]
        let slab = SlabField.common + [
            FieldDescription(name: "__page_type", offset: 48, size: 4),
            FieldDescription(name: "__page_refcount", offset: 52, size: 4),
            FieldDescription(name: "obj_exts", offset: 56, size: 8),
        ]
        let ptdesc: [FieldDescription] = [
            PTDescField.flags.described, PTDescField.ptList.described,
            FieldDescription(name: "__page_mapping", offset: 24, size: 8),
            PTDescField.ptIndex.described, PTDescField.ptl.described,
            FieldDescription(name: "__page_type", offset: 48, size: 4),
            PTDescField.refcount.described, PTDescField.memcgData.described,
        ]
        return [
            StructDescription(name: "struct page", size: 64, placement: "memmap, one per page", fields: page),
            StructDescription(name: "struct folio", size: 256,
                              placement: "overlay of the head page and the first three tails", fields: folio),
            StructDescription(name: "struct slab", size: 64, placement: "overlay of the head page", fields: slab),
            StructDescription(name: "struct ptdesc", size: 64, placement: "overlay of the page", fields: ptdesc),
        ]
    }
}

/// Today's 64-byte `struct page`.
public typealias Legacy64 = Legacy64Layout<PlainVmemmap>
/// The same with HugeTLB Vmemmap Optimisation.
public typealias Legacy64HVO = Legacy64Layout<HugeTLBVmemmap>
