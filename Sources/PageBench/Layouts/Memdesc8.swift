/// `memdesc8`: the final `struct page { unsigned long memdesc; }` of the memdesc plan
/// (kernelnewbies.org/MatthewWilcox/Memdescs; DOMAIN.md section 6). One word per page:
/// the low 4 bits are the type (`MemdescType`, the current revision's table), and every
/// page of an allocation points at its memdesc, which records the pfn and the order. Eight
/// pages share a cache line; `page_folio` is one load in the memmap and one in the memdesc,
/// but so is the order of an allocated block (a scan's step), which no longer fits.
///
/// Free pages keep their buddy information in the word ("buddy (embedded)"): the buddy tag
/// (head of a free block) or misc (on a per-CPU list, or inside a free block) and the
/// order. Two list pointers do not fit in a word: `Links` keeps the free lists packed into
/// the word (`memdesc8`, 28-bit pfns), in the free memory (`-freemem`) or as bitmaps
/// (`-bitmap`). Freeing never allocates (seed 001).
///
/// Departure: the Memdescs page gives a misc page its order in bits 12-17 (a subtype in
/// 4-10, bit 11 "may be mapped"), and section/node/zone in the high bits; here free and
/// per-CPU pages, the only misc pages the harness has, keep the order in bits 4-7 so the
/// packed links have 56 bits, and the machine has one node and one zone.
public struct Memdesc8Layout<Links: FreeLinks>: FreeListPage, MemdescWordPage {
    public static var name: String { "memdesc8" + Links.nameSuffix }
    public static var pageShift: Int { 3 }
    public static var memdescOffset: Int { 0 }
    public static var supportsNestedFolios: Bool { true }
    public static var floorPattern: FloorPattern {
        .taggedWord(wordOffset: 0, descriptorTags: descriptorTags, scan: .orderInWordOrMemdesc(shift: UInt32(Memdesc8Word.order.shift), mask: Memdesc8Word.order.maxValue))
    }

    typealias Word = Memdesc8Word

    public let memmap: UnsafeMutableRawPointer
    public let arena: UnsafeMutableRawPointer
    public let pageCount: Int

    public init(memmap: UnsafeMutableRawPointer, arena: UnsafeMutableRawPointer, pageCount: Int) {
        self.memmap = memmap
        self.arena = arena
        self.pageCount = pageCount
    }

    @inline(__always) func word(_ pfn: Int) -> UInt64 { page(pfn).load(as: UInt64.self) }
    @inline(__always) func setWord(_ pfn: Int, _ w: UInt64) { page(pfn).storeBytes(of: w, as: UInt64.self) }

    @inline(__always)
    static func freeWord(_ type: MemdescType, order: Int) -> UInt64 {
        Word.type.word(UInt64(type.rawValue)) | Word.order.word(UInt64(order))
    }

    /// Write `w` into all 2^order pages at `pfn`.
    @inline(__always)
    func fill(_ pfn: Int, order: Int, _ w: UInt64) {
        var p = page(pfn)
        let end = p + (8 << order)
        while p < end {
            p.storeBytes(of: w, as: UInt64.self)
            p += 8
        }
    }

    // MARK: Buddy state (links, if packed, are added after and removed before)

    @inline(__always)
    public func setBuddy(_ pfn: Int, order: Int) { setWord(pfn, Self.freeWord(.buddy, order: order)) }

    @inline(__always)
    public func clearBuddy(_ pfn: Int) { setWord(pfn, 0) }

    @inline(__always)
    public func isBuddy(_ pfn: Int, order: Int) -> Bool {
        word(pfn) & Word.heldBits == Self.freeWord(.buddy, order: order)
    }

    @inline(__always)
    public func buddyOrder(_ pfn: Int) -> Int? {
        let w = word(pfn)
        return Word.type.get(w) == UInt64(MemdescType.buddy.rawValue) ? Int(Word.order.get(w)) : nil
    }

    @inline(__always)
    public func setPCP(_ pfn: Int, order: Int) { setWord(pfn, Self.freeWord(.none, order: order)) }

    @inline(__always)
    public func clearPCP(_ pfn: Int) { setWord(pfn, 0) }

    // MARK: Allocation

    @inline(__always)
    public func prepare(_ pfn: Int, order: Int, type: MemdescType,
                        descriptor: UnsafeMutableRawPointer?) -> Memdesc {
        let d = descriptor.unsafelyUnwrapped
        SeparateMemdesc.place(d, type: type, pfn: pfn, order: order)
        let memdesc = Memdesc(d, type)
        fill(pfn, order: order, UInt64(memdesc.raw))
        return memdesc
    }

    @inline(__always)
    public func release(_ pfn: Int, order: Int) { fill(pfn, order: order, 0) }

    public func nestFolio(_ pfn: Int, folio: UnsafeMutableRawPointer) -> Memdesc {
        let memdesc = stash(ListHead(next: 0, prev: UInt(word(pfn))), folio: folio, pfn: pfn)
        setWord(pfn, UInt64(memdesc.raw))
        return memdesc
    }

    public func unnestFolio(_ pfn: Int, folio: UnsafeMutableRawPointer) {
        setWord(pfn, UInt64(SeparateMemdesc.Folio.stash.load(folio).prev))
    }

    // MARK: Sanity checks

    /// `check_new_pages`: no type and no order in any page's word.
    @inline(__always)
    public func checkNewPages(_ pfn: Int, order: Int) -> BadPage? {
        for p in pfn..<pfn + (1 << order) where word(p) & Word.heldBits != 0 {
            return BadPage(pfn: p, .wordsNotFree)
        }
        return nil
    }

    /// The folio descriptor's checks, then every page must name this allocation.
    public func checkFreePages(_ pfn: Int, order: Int) -> BadPage? {
        let memdesc = memdesc(ofPFN: pfn)
        if let bad = checkFreeDescriptor(memdesc, pfn: pfn, order: order) { return bad }
        for p in pfn..<pfn + (1 << order) where word(p) != UInt64(memdesc.raw) {
            return BadPage(pfn: p, .wordsNotConsistent)
        }
        return nil
    }

    // MARK: Lookup

    @inline(__always)
    public func memdesc(ofPFN pfn: Int) -> Memdesc { memdesc(inWord: word(pfn), pfn: pfn) }

    /// A free or per-CPU page's order is in its word; an allocation's in its memdesc, one
    /// dependent load away.
    @inline(__always)
    public func order(ofPFN pfn: Int) -> Int {
        let w = word(pfn)
        return Self.hasDescriptor(w) ? SeparateMemdesc.order(of: Memdesc(raw: UInt(w))) : Int(Word.order.get(w))
    }

    @inline(__always)
    public func classify(_ pfn: Int) -> (type: MemdescType, order: Int) {
        let w = word(pfn)
        let order = Self.hasDescriptor(w) ? SeparateMemdesc.order(of: Memdesc(raw: UInt(w))) : Int(Word.order.get(w))
        return (MemdescType(tag: UInt(w)), order)
    }

    public func owner(ofPFN pfn: Int) -> Memdesc { stashedOwner(ofPFN: pfn) }

    public static var pageFields: [FieldDescription] {
        let free = Links.self == PackedWordLinks.self
            ? [Word.type, Word.order, Word.next, Word.prev] : [Word.type, Word.order]
        return [FieldDescription(
            name: "memdesc (\(Word.pointer.described) | \(Word.type.described); free: "
                + free.map(\.described).joined(separator: ", ") + ")",
            offset: 0, size: 8)]
    }
}

/// `memdesc8`: free-list links packed into the free page's word.
/// `memdesc8`'s word, stated once: the layout, its checks, `describe` and `PackedWordLinks`
/// read these.
public enum Memdesc8Word {
    public static var type: BitField { BitField("type", shift: 0, width: 4) }
    /// A free or per-CPU page's order (orders 0-10 need 4 bits).
    public static var order: BitField { BitField("order", shift: 4, width: 4) }
    /// An allocated page's memdesc pointer: its low 4 bits are the type's.
    public static var pointer: BitField { BitField("memdesc *", shift: 4, width: 60) }
    /// `PackedWordLinks`: the free-list neighbours, zone-relative pfns.
    public static var next: BitField { BitField("next_free", shift: 8, width: 28) }
    public static var prev: BitField { BitField("prev_free", shift: 36, width: 28) }
    /// What says who holds the page: clear on a page that is free and no block's head.
    static var heldBits: UInt64 { type.mask | order.mask }
}

public typealias Memdesc8 = Memdesc8Layout<PackedWordLinks>
/// `memdesc8-freemem`: free-list links in the free pages themselves.
public typealias Memdesc8FreeMemory = Memdesc8Layout<FreeMemoryLinks>
/// `memdesc8-bitmap`: free lists as bitmaps outside the memmap.
public typealias Memdesc8Bitmap = Memdesc8Layout<BitmapLinks>
