/// What `twoword16` and `chead16` share: a 16-byte `struct page` of two words, free lists
/// kept where `Links` says (by default 32-bit PFN links in the high halves of the two words
/// while the page is free: DOMAIN.md section 6, "32-bit PFN links fit a 16-byte page"), and
/// separately allocated memdescs that record their own pfn.
///
/// The low bits of both words keep their meaning while a page is free, so a speculative
/// reader that loads a word of a free page sees a free type, never a stale pointer.
public protocol TwoWordPage: PageLayout {
    /// Where the free-list links live.
    associatedtype Links: FreeLinks
    var arena: UnsafeMutableRawPointer { get }
    /// The two words, for `describe`.
    static var pageFields: [FieldDescription] { get }
    /// The bits of word 0 that say who holds the page and at what order: clear while it is
    /// free (its free-list links, if any, are elsewhere in the word).
    static var allocatorBits: UInt64 { get }
    /// Word 0 of every page of a page allocation of `order`.
    static func allocatedWord0(order: Int) -> UInt64
}


extension TwoWordPage {
    public static var pageDescriptorSize: Int { 16 }
    public static var separateMemdescs: Bool { true }
    public static func listHeadSize(pageCount: Int) -> Int { Links.headSize(pageCount: pageCount) }
    @inline(__always) public static var folioLayout: FolioLayout { SeparateMemdesc.Folio.layout }
    public static var listsKeepOrder: Bool { Links.keepsOrder }

    @inline(__always)
    func page(_ pfn: Int) -> UnsafeMutableRawPointer { memmap + (pfn << 4) }

    @inline(__always) func word0(_ pfn: Int) -> UInt64 { page(pfn).load(as: UInt64.self) }
    @inline(__always) func word1(_ pfn: Int) -> UInt64 { page(pfn).load(fromByteOffset: 8, as: UInt64.self) }

    @inline(__always)
    func setWords(_ pfn: Int, _ w0: UInt64, _ w1: UInt64) {
        let p = page(pfn)
        p.storeBytes(of: w0, as: UInt64.self)
        p.storeBytes(of: w1, toByteOffset: 8, as: UInt64.self)
    }

    /// Write the same two words into all 2^order pages at `pfn`.
    @inline(__always)
    func fill(_ pfn: Int, order: Int, _ w0: UInt64, _ w1: UInt64) {
        var p = page(pfn)
        let end = p + (16 << order)
        while p < end {
            p.storeBytes(of: w0, as: UInt64.self)
            p.storeBytes(of: w1, toByteOffset: 8, as: UInt64.self)
            p += 16
        }
    }

    // MARK: Free lists, kept where `Links` keeps them

    public func listInit(_ head: UnsafeMutableRawPointer) { Links.initialize(head, in: self) }

    @inline(__always)
    public func listIsEmpty(_ head: UnsafeMutableRawPointer) -> Bool { Links.isEmpty(head) }

    @inline(__always)
    public func listAdd(_ pfn: Int, _ head: UnsafeMutableRawPointer) { Links.add(pfn, head, in: self) }

    @inline(__always)
    public func listAddTail(_ pfn: Int, _ head: UnsafeMutableRawPointer) { Links.addTail(pfn, head, in: self) }

    @inline(__always)
    public func listDel(_ pfn: Int, _ head: UnsafeMutableRawPointer) { Links.delete(pfn, head, in: self) }

    @inline(__always)
    public func listFirst(_ head: UnsafeMutableRawPointer) -> Int? { Links.first(head, in: self) }

    @inline(__always)
    public func listLast(_ head: UnsafeMutableRawPointer) -> Int? { Links.last(head, in: self) }

    public func listNext(_ pfn: Int, _ head: UnsafeMutableRawPointer) -> Int? { Links.next(pfn, head, in: self) }

    // MARK: Sanity checks

    /// `check_new_pages` for a two-word page: no owner, order or memdesc in its words. The
    /// memdesc's own fields are the allocation's to set.
    @inline(__always)
    public func checkNewPages(_ pfn: Int, order: Int) -> BadPage? {
        for p in pfn..<pfn + (1 << order) where word0(p) & Self.allocatorBits | word1(p) & 0xf != 0 {
            return BadPage(pfn: p, .wordsNotFree)
        }
        return nil
    }

    /// `free_pages_prepare`'s checks for a two-word page: `free_page_is_bad` and the
    /// large-folio checks of `free_tail_page_prepare` on the folio descriptor, which keeps the
    /// head page's offsets (slab, ptdesc and netmem descriptors keep their pfn where a page
    /// has `mapping` or `page_type`, and are not checked), then on every page that its words
    /// name this allocation, as `compound_head` must name the head.
    public func checkFreePages(_ pfn: Int, order: Int) -> BadPage? {
        let memdesc = memdesc(ofPFN: pfn)
        if memdesc.type == .folio {
            var state = PageState(memdesc.pointer, memcg: Self.folioLayout.memcg)
            state.pagePool = false  // a folio descriptor has no pp_magic; its lru is there
            if let bad = state.check(PageFlags.checkAtFree, pfn: pfn) { return bad }
            if order > 0, let reason = FolioState.largeFolioBad(memdesc.pointer, order: order, fields: Self.folioLayout, mmIDs: nil) {
                return BadPage(pfn: pfn, reason)
            }
        }
        let allocated = Self.allocatedWord0(order: order)
        for p in pfn..<pfn + (1 << order)
        where word1(p) != UInt64(memdesc.raw) || word0(p) & Self.allocatorBits != allocated {
            return BadPage(pfn: p, .wordsNotConsistent)
        }
        return nil
    }

    // MARK: Memdescs

    /// The memdesc held in a word whose low 4 bits are the type: `.buddy` stands for the
    /// page itself, and a free word (tag 0) for no memdesc, whatever its high bits hold.
    @inline(__always)
    func memdesc(inWord word: UInt64, pfn: Int) -> Memdesc {
        switch MemdescType(tag: UInt(word)) {
        case .none: return .none
        case .buddy: return Memdesc(page(pfn), .buddy)
        default: return Memdesc(raw: UInt(word))
        }
    }

    /// Type from the tag of word 1, order from word 0: no descriptor is touched.
    @inline(__always)
    public func classify(_ pfn: Int) -> (type: MemdescType, order: Int) {
        (MemdescType(tag: UInt(word1(pfn))), order(ofPFN: pfn))
    }

    /// The memdesc word is at 8 in both two-word layouts, read with `READ_ONCE`; a tag
    /// below 2 (none, buddy) has no descriptor behind it.
    @inline(__always)
    public func pageFolio(_ pfn: Int) -> UnsafeRawPointer {
        let word = readOnce(page(pfn) + 8)
        let descriptor = word & 0xe != 0 ? word & ~0xf : UInt(bitPattern: zeroDescriptor)
        return UnsafeRawPointer(bitPattern: descriptor).unsafelyUnwrapped
    }

    /// `virt_to_slab`: the memdesc word (at 8 in both layouts) tagged slab.
    @inline(__always)
    public func slab(ofPFN pfn: Int) -> UnsafeMutableRawPointer? {
        let w = word1(pfn)
        return MemdescType(tag: UInt(w)) == .slab ? UnsafeMutableRawPointer(bitPattern: UInt(w & ~0xf)) : nil
    }

    @inline(__always)
    public func headPFN(of memdesc: Memdesc) -> Int {
        memdesc.type == .buddy
            ? (memdesc.pointer - UnsafeMutableRawPointer(memmap)) >> 4
            : SeparateMemdesc.pfn(of: memdesc)
    }

    @inline(__always)
    public func order(of memdesc: Memdesc) -> Int {
        memdesc.type == .buddy ? order(ofPFN: headPFN(of: memdesc)) : SeparateMemdesc.order(of: memdesc)
    }

    public static var structs: [StructDescription] {
        [StructDescription(name: "struct page", size: 16, placement: "memmap, one per page",
                           fields: pageFields)] + SeparateMemdesc.structs
    }
}

extension UInt32 {
    @inline(__always) var widened: UInt64 { UInt64(self) }
}

