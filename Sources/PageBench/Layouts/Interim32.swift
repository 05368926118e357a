/// `interim32`: the 32-byte `struct page` Matthew Wilcox posted to linux-mm in January 2025
/// ("As the calendar turns"; kernelnewbies.org/MatthewWilcox/Memdescs/Path), which halves
/// the memmap:
///
///     struct page {
///         unsigned long flags;
///         union {
///             struct list_head buddy_list;
///             struct list_head pcp_list;
///             struct { unsigned long memdesc; int _refcount; };
///         };
///         union { unsigned long private; struct { int _folio_mapcount; }; };
///     };
///
/// Folios, slabs, ptdescs and netmem get separately allocated descriptors, and `memdesc`
/// (where `compound_head` was) points at them with the type in its low 4 bits, in every
/// page of the allocation. `buddy_list` overlaps `memdesc`, so the Path page makes tags 0,
/// 4, 8 and 12 all "buddy": a list pointer (`struct list_head` is 8-byte aligned; here an
/// entry is at 8 in a 32-byte page) or a poisoned one. The free lists are the kernel's
/// `list_head`s, as in legacy64; a free block's head carries PG_buddy and its order in
/// `private` (`set_buddy_order`).
///
/// Choices where the posting is silent, stated in the README:
/// - The tag table is the one table (`MemdescType`), but net pool, whose tag 8 is a buddy
///   alias here, takes 11 (unassigned in the current revision, and not an alias).
/// - PageBuddy is a page flag (PG_buddy, as before v2.6.38): the page has no `page_type`.
/// - `_refcount` in the page is for pages without a memdesc, which the harness does not
///   allocate; folios, ptdescs and netmem keep theirs in the memdesc (the Path page:
///   "`int _refcount; // 0 for folios`"). It stays 0.
/// - An allocation's order is its memdesc's: `flags` keeps page flags only.
public struct Interim32: MemdescWordPage, ListHeadPage {
    public static var name: String { "interim32" }
    public static var pageShift: Int { 5 }
    public static var memdescOffset: Int { Page.memdesc.offset }
    public static var supportsNestedFolios: Bool { true }
    public static var listOffset: Int { Page.list.offset }
    public static var floorPattern: FloorPattern {
        .taggedWord(wordOffset: UInt64(Page.memdesc.offset), descriptorTags: descriptorTags,
                    scan: .orderInPrivateOrMemdesc(buddyFlag: Page.buddyFlag))
    }

    /// `struct page`'s offsets.
    public enum Page {
        @inline(__always) static var flags: Field<UInt64> { .init("flags", 0) }
        /// `buddy_list` / `pcp_list`: `struct list_head` at 8.
        @inline(__always) static var list: Field<ListHead> { .init("buddy_list / pcp_list", 8) }
        @inline(__always) static var memdesc: Field<UInt64> { .init("memdesc (memdesc * | type:4)", 8) }
        @inline(__always) static var refcount: Field<Int32> { .init("_refcount", 16) }
        /// The `_refcount` word with its padding, rewritten whole where the list's `prev` was.
        @inline(__always) static var refcountWord: Field<UInt64> { .init("_refcount", 16) }
        @inline(__always) static var `private`: Field<UInt> { .init("private", 24) }
        @inline(__always) static var folioMapcount: Field<Int32> { .init("_folio_mapcount", 24) }
        /// PG_buddy: the first bit past `enum pageflags` (`PageFlags.count`).
        static var buddyFlag: UInt64 { 1 << UInt64(PageFlags.count) }
    }

    /// Tags 0, 4, 8 and 12 are list pointers (buddy), 1 is misc: no descriptor.
    public static var descriptorTags: UInt16 { 0xffff & ~(1 << 0 | 1 << 1 | 1 << 4 | 1 << 8 | 1 << 12) }
    /// The table's bit for the tag: a shift and a mask.
    @inline(__always)
    public static func hasDescriptor(_ word: UInt) -> Bool { UInt(descriptorTags) >> (word & 0xf) & 1 != 0 }

    /// Net pool's tag in this layout.
    static var netmemTag: UInt64 { 11 }

    @inline(__always)
    public static func tag(of type: MemdescType) -> UInt64 {
        type == .netmem ? netmemTag : UInt64(type.rawValue)
    }

    @inline(__always)
    public static func memdesc(descriptorWord word: UInt64) -> Memdesc {
        word & 0xf == netmemTag ? Memdesc(raw: UInt(word & ~0xf) | UInt(MemdescType.netmem.rawValue))
                                : Memdesc(raw: UInt(word))
    }

    public let memmap: UnsafeMutableRawPointer
    public let pageCount: Int

    public init(memmap: UnsafeMutableRawPointer, arena: UnsafeMutableRawPointer, pageCount: Int) {
        self.memmap = memmap
        self.pageCount = pageCount
    }

    @inline(__always)
    func isBuddyHead(_ p: UnsafeMutableRawPointer) -> Bool { Page.flags.load(p) & Page.buddyFlag != 0 }

    // MARK: Buddy state

    @inline(__always)
    public func setBuddy(_ pfn: Int, order: Int) {
        let p = page(pfn)
        Page.flags.store(Page.flags.load(p) | Page.buddyFlag, p)
        Page.private.store(UInt(order), p)
    }

    @inline(__always)
    public func clearBuddy(_ pfn: Int) {
        let p = page(pfn)
        Page.flags.store(Page.flags.load(p) & ~Page.buddyFlag, p)
        Page.private.store(0, p)
    }

    @inline(__always)
    public func isBuddy(_ pfn: Int, order: Int) -> Bool {
        let p = page(pfn)
        return isBuddyHead(p) && Page.private.load(p) == UInt(order)
    }

    @inline(__always)
    public func buddyOrder(_ pfn: Int) -> Int? {
        let p = page(pfn)
        return isBuddyHead(p) ? Int(Page.private.load(p)) : nil
    }

    /// Pages on the per-CPU lists carry nothing but their `pcp_list` (the kernel keeps their
    /// order in the list), as in legacy64.
    @inline(__always) public func setPCP(_ pfn: Int, order: Int) {}
    @inline(__always) public func clearPCP(_ pfn: Int) {}

    // MARK: Allocation

    /// Every page's `memdesc` names the new memdesc and its `_refcount` word, where the free
    /// list's `prev` was, is cleared; `private` is 0 since `clearBuddy`.
    @inline(__always)
    public func prepare(_ pfn: Int, order: Int, type: MemdescType,
                        descriptor: UnsafeMutableRawPointer?) -> Memdesc {
        let d = descriptor.unsafelyUnwrapped
        SeparateMemdesc.place(d, type: type, pfn: pfn, order: order)
        let memdesc = Memdesc(d, type)
        fill(pfn, order: order, memdesc: Self.word(of: memdesc))
        return memdesc
    }

    @inline(__always)
    func fill(_ pfn: Int, order: Int, memdesc word: UInt64) {
        var p = page(pfn)
        let end = p + (32 << order)
        while p < end {
            Page.memdesc.store(word, p)
            Page.refcountWord.store(0, p)
            p += 32
        }
    }

    @inline(__always)
    public func release(_ pfn: Int, order: Int) { fill(pfn, order: order, memdesc: 0) }

    public func nestFolio(_ pfn: Int, folio: UnsafeMutableRawPointer) -> Memdesc {
        let p = page(pfn)
        let memdesc = stash(ListHead(next: Page.private.load(p), prev: UInt(Page.memdesc.load(p))), folio: folio, pfn: pfn)
        Page.memdesc.store(Self.word(of: memdesc), p)
        return memdesc
    }

    public func unnestFolio(_ pfn: Int, folio: UnsafeMutableRawPointer) {
        let stash = SeparateMemdesc.Folio.stash.load(folio), p = page(pfn)
        Page.memdesc.store(UInt64(stash.prev), p)
        Page.private.store(stash.next, p)
    }

    // MARK: Sanity checks

    /// `check_new_pages`: no flag that `PAGE_FLAGS_CHECK_AT_PREP` names, not PG_buddy, no
    /// `private`, and no memdesc (the word may hold a poisoned list pointer, a buddy alias).
    @inline(__always)
    public func checkNewPages(_ pfn: Int, order: Int) -> BadPage? {
        for pfn in pfn..<pfn + (1 << order) {
            let p = page(pfn)
            if Page.flags.load(p) & (PageFlags.checkAtPrep | PageFlags.hwpoison | Page.buddyFlag) != 0 {
                return BadPage(pfn: pfn, .flagsAtPrep)
            }
            if Page.private.load(p) != 0 || Self.hasDescriptor(Page.memdesc.load(p)) { return BadPage(pfn: pfn, .wordsNotFree) }
        }
        return nil
    }

    /// The folio descriptor's checks, then every page: `PAGE_FLAGS_CHECK_AT_FREE` clear and
    /// `memdesc` naming this allocation.
    public func checkFreePages(_ pfn: Int, order: Int) -> BadPage? {
        let memdesc = memdesc(ofPFN: pfn)
        if let bad = checkFreeDescriptor(memdesc, pfn: pfn, order: order) { return bad }
        let word = Self.word(of: memdesc)
        for pfn in pfn..<pfn + (1 << order) {
            let p = page(pfn)
            if Page.flags.load(p) & PageFlags.checkAtFree != 0 { return BadPage(pfn: pfn, .flagsAtFree) }
            if Page.memdesc.load(p) != word { return BadPage(pfn: pfn, .wordsNotConsistent) }
        }
        return nil
    }

    // MARK: Lookup

    @inline(__always)
    public func memdesc(ofPFN pfn: Int) -> Memdesc {
        let p = page(pfn), word = Page.memdesc.load(p)
        if Self.hasDescriptor(word) { return Self.memdesc(descriptorWord: word) }
        return isBuddyHead(p) ? buddyMemdesc(pfn) : .none
    }

    /// An allocation's order is in its memdesc, a free block's in `private`.
    @inline(__always)
    public func order(ofPFN pfn: Int) -> Int { classify(pfn).order }

    @inline(__always)
    public func classify(_ pfn: Int) -> (type: MemdescType, order: Int) {
        let p = page(pfn), word = Page.memdesc.load(p)
        if Self.hasDescriptor(word) {
            let memdesc = Self.memdesc(descriptorWord: word)
            return (memdesc.type, SeparateMemdesc.order(of: memdesc))
        }
        return isBuddyHead(p) ? (.buddy, Int(Page.private.load(p))) : (.none, 0)
    }

    public func owner(ofPFN pfn: Int) -> Memdesc { stashedOwner(ofPFN: pfn) }

    public static var pageFields: [FieldDescription] { [
        FieldDescription(name: "flags (PG_buddy at bit \(PageFlags.count))", offset: 0, size: 8),
        Page.list.described, Page.memdesc.described, Page.refcount.described,
        Page.private.described, Page.folioMapcount.described,
    ] }
}
