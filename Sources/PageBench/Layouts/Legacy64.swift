/// `legacy64`: today's 64-byte `struct page` (include/linux/mm_types.h, v6.15, x86-64).
///
/// Folios, slabs, ptdescs and page_pool pages are overlays of the head page (the folio also
/// of the first two tail pages); nothing is allocated beside the memmap. A compound page's
/// tails point to the head with `compound_head = head | 1`, so `page_folio` costs one load,
/// plus one dependent load for a tail. Free blocks carry `PGTY_buddy` in `page_type`, their
/// order in `private`, and are linked through `buddy_list`.
///
/// `legacy64-hvo` is the same memmap with HugeTLB Vmemmap Optimisation: its
/// `compound_head` also resolves fake heads (`VmemmapOptimization`).
public struct Legacy64Layout<Vmemmap: VmemmapOptimization>: PageLayout {
    public static var name: String { "legacy64" + Vmemmap.nameSuffix }
    public static var pageDescriptorSize: Int { 64 }
    public static var separateMemdescs: Bool { false }
    public static var supportsNestedFolios: Bool { false }
    public static var hugeTLBVmemmapOptimization: Bool { Vmemmap.optimizesHugeTLB }
    public static func listHeadSize(pageCount: Int) -> Int { MemoryLayout<ListHead>.size }
    public static var folioDeferredListOffset: Int { Page.deferredList.offset }
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
        /// The folio's `_nr_pages` overlays the first tail's `memcg_data`.
        @inline(__always) static var nrPages: Field<UInt32> { .init("_nr_pages", 120) }
        /// `_deferred_list` in the second tail page (seed 000's THP preparation).
        @inline(__always) static var deferredList: Field<ListHead> { .init("_deferred_list", 144) }

        /// `PG_head` (include/linux/page-flags.h).
        static var pgHead: UInt64 { 1 << 6 }
        /// `TAIL_MAPPING`, what `prep_compound_tail` stores in a tail's `mapping`.
        static var tailMapping: UInt { 0x400 + poisonPointerDelta }
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
        // Only a struct page at a 4 KiB boundary can be a fake head. Testing that alone
        // first (it does not wait for the load) leaves 63 pages in 64 with one
        // well-predicted branch more than legacy64.
        if Vmemmap.optimizesHugeTLB && _slowPath(Int(bitPattern: page) & (PageGeometry.pageSize - 1) == 0) {
            if word & 1 == 0 { return fixedFakeHead(page) }
        }
        return head
    }

    /// `page_fixed_fake_head` (include/linux/page-flags.h): the first struct page of memmap
    /// pages 1-7 of an optimised HugeTLB folio reads as the head itself (same memory), so a
    /// page-aligned struct page with PG_head is a fake head when the next one is a tail;
    /// the real head is that tail's. Reads `page[1]`, a second cache line.
    @inline(__always)
    func fixedFakeHead(_ page: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        guard Page.flags.load(page) & Page.pgHead != 0 else { return page }
        let next = readOnce(page + 64 + Page.compoundHead.offset)
        return next & 1 != 0 ? UnsafeMutableRawPointer(bitPattern: next - 1).unsafelyUnwrapped : page
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

    // MARK: Free lists: circular `list_head`s through `buddy_list` / `pcp_list`

    public func listInit(_ head: UnsafeMutableRawPointer) { ListHead.initialize(head) }

    @inline(__always)
    public func listIsEmpty(_ head: UnsafeMutableRawPointer) -> Bool { ListHead.isEmpty(head) }

    @inline(__always)
    public func listAdd(_ pfn: Int, _ head: UnsafeMutableRawPointer) {
        ListHead.add(page(pfn) + Page.listNext.offset, head)
    }

    @inline(__always)
    public func listAddTail(_ pfn: Int, _ head: UnsafeMutableRawPointer) {
        ListHead.addTail(page(pfn) + Page.listNext.offset, head)
    }

    @inline(__always)
    public func listDel(_ pfn: Int, _ head: UnsafeMutableRawPointer) {
        ListHead.delete(page(pfn) + Page.listNext.offset)
    }

    @inline(__always)
    public func listFirst(_ head: UnsafeMutableRawPointer) -> Int? {
        ListHead.first(head).map { pfn(ofPage: $0 - Page.listNext.offset) }
    }

    @inline(__always)
    public func listLast(_ head: UnsafeMutableRawPointer) -> Int? {
        ListHead.last(head).map { pfn(ofPage: $0 - Page.listNext.offset) }
    }

    public func listNext(_ pfn: Int, _ head: UnsafeMutableRawPointer) -> Int? {
        ListHead.next(page(pfn) + Page.listNext.offset, head).map { self.pfn(ofPage: $0 - Page.listNext.offset) }
    }

    // MARK: Allocation

    /// `prep_new_page` + `prep_compound_page`: the head gets PG_head and its type (a slab
    /// also its reference); every tail gets `compound_head`, `TAIL_MAPPING` and `private = 0`; the
    /// first tail gets the order (`folio_set_order`).
    @inline(__always)
    public func prepare(_ pfn: Int, order: Int, type: MemdescType,
                        descriptor: UnsafeMutableRawPointer?) -> Memdesc {
        let head = page(pfn)
        Page.flags.store(order > 0 ? Page.pgHead : 0, head)
        switch type {
        case .slab:
            Page.refcount.store(1, head)  // the others' typed preparation sets it, last
            Page.pageType.store(PageType.word(PageType.slab), head)
        case .pageTable: Page.pageType.store(PageType.word(PageType.table), head)
        case .netmem:
            Page.pageType.store(PageType.noType, head)
            NetmemField.ppMagic.store(NetmemField.signature, head)
        default: Page.pageType.store(PageType.noType, head)
        }
        if order > 0 {
            let tailWord = UInt(bitPattern: head) | 1
            var tail = head + 64
            let end = head + (64 << order)
            while tail < end {
                Page.compoundHead.store(tailWord, tail)
                Page.mapping.store(Page.tailMapping, tail)
                Page.private.store(0, tail)
                tail += 64
            }
            // folio_set_order: the first tail's flags word was cleared when it was freed.
            FolioField.flags1.store(UInt64(order), head)
            Page.nrPages.store(1 << order, head)
        }
        return Memdesc(head, type)
    }

    /// `free_pages_prepare`: clear the head's type, flags and mapping, and every tail's
    /// `compound_head` and `mapping` (`free_tail_page_prepare`).
    @inline(__always)
    public func release(_ pfn: Int, order: Int) {
        let head = page(pfn)
        Page.flags.store(0, head)
        Page.compoundHead.store(0, head)  // lru.next / pp_magic
        Page.mapping.store(0, head)
        Page.private.store(0, head)
        Page.pageType.store(PageType.noType, head)
        Page.refcount.store(0, head)
        var tail = head + 64
        let end = head + (64 << order)
        while tail < end {
            Page.flags.store(0, tail)
            Page.compoundHead.store(0, tail)
            Page.mapping.store(0, tail)
            tail += 64
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
        if Page.flags.load(head) & Page.pgHead != 0 { return Int(FolioField.flags1.load(head) & 0xff) }
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
        } else if Page.flags.load(head) & Page.pgHead != 0 {
            order = Int(FolioField.flags1.load(head) & 0xff)
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
            FolioField.memcgData.described,
        ]
        let folio = FolioField.common + [
            FieldDescription(name: "_head_1", offset: 72, size: 8),
        ] + FolioField.large + [
            FieldDescription(name: "_mm_id_mapcount[2]", offset: 96, size: 8),
            FieldDescription(name: "_mm_ids", offset: 104, size: 8),
            FieldDescription(name: "_mapcount_1", offset: 112, size: 4),
            FieldDescription(name: "_refcount_1", offset: 116, size: 4),
            Page.nrPages.described,
            FieldDescription(name: "_flags_2", offset: 128, size: 8),
            FieldDescription(name: "_head_2", offset: 136, size: 8),
            Page.deferredList.described,
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
            StructDescription(name: "struct folio", size: 192,
                              placement: "overlay of the head page and the first two tails", fields: folio),
            StructDescription(name: "struct slab", size: 64, placement: "overlay of the head page", fields: slab),
            StructDescription(name: "struct ptdesc", size: 64, placement: "overlay of the page", fields: ptdesc),
        ]
    }
}

/// Today's 64-byte `struct page`.
public typealias Legacy64 = Legacy64Layout<PlainVmemmap>
/// The same with HugeTLB Vmemmap Optimisation.
public typealias Legacy64HVO = Legacy64Layout<HugeTLBVmemmap>
