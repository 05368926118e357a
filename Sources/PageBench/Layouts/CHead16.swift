/// `chead16`: Matthew Wilcox's one-word ownership (seed 004). `struct page` keeps a flags
/// word, with the compound order in its low 5 bits, and `compound_head`, which now points to
/// the memdesc with the memdesc type in its low 4 bits.
///
/// Nesting without a second word: an order-3 slab sets all 8 pages' `compound_head` to its
/// `struct slab`; when one page is handed out as a folio, the page's old words are stashed
/// in the folio and `compound_head` points to the folio; freeing restores them.
///
/// Free pages: `compound_head` carries the buddy tag (head of a free block) or no tag (on a
/// per-CPU list), the flags word the order; the high halves hold the free-list PFN links.
public struct CHead16Layout<Links: FreeLinks>: TwoWordPage {
    public static var name: String { "chead16" + Links.nameSuffix }
    public static var supportsNestedFolios: Bool { true }
    public static var floorPattern: FloorPattern {
        .taggedWord(wordOffset: 8, descriptorTags: descriptorTags, scan: .orderInWord0(shift: 0, mask: orderMask))
    }

    public let memmap: UnsafeMutableRawPointer
    public let arena: UnsafeMutableRawPointer
    public let pageCount: Int

    public init(memmap: UnsafeMutableRawPointer, arena: UnsafeMutableRawPointer, pageCount: Int) {
        self.memmap = memmap
        self.arena = arena
        self.pageCount = pageCount
    }

    /// Five bits of order in `page->flags` ("8TB seems like a reasonable limit", seed 004).
    static var orderMask: UInt64 { 0x1f }
    static var buddyTag: UInt64 { UInt64(MemdescType.buddy.rawValue) }

    /// The order: the flags word's page flags moved to the memdescs.
    public static var allocatorBits: UInt64 { orderMask }

    @inline(__always)
    public static func allocatedWord0(order: Int) -> UInt64 { UInt64(order) }

    // MARK: Buddy state

    @inline(__always)
    public func setBuddy(_ pfn: Int, order: Int) { setWords(pfn, UInt64(order), Self.buddyTag) }

    @inline(__always)
    public func clearBuddy(_ pfn: Int) { setWords(pfn, 0, 0) }

    @inline(__always)
    public func isBuddy(_ pfn: Int, order: Int) -> Bool {
        word1(pfn) & 0xf == Self.buddyTag && word0(pfn) & Self.orderMask == UInt64(order)
    }

    @inline(__always)
    public func buddyOrder(_ pfn: Int) -> Int? {
        word1(pfn) & 0xf == Self.buddyTag ? Int(word0(pfn) & Self.orderMask) : nil
    }

    @inline(__always)
    public func setPCP(_ pfn: Int, order: Int) { setWords(pfn, UInt64(order), 0) }

    @inline(__always)
    public func clearPCP(_ pfn: Int) { setWords(pfn, 0, 0) }

    // MARK: Allocation

    @inline(__always)
    public func prepare(_ pfn: Int, order: Int, type: MemdescType,
                        descriptor: UnsafeMutableRawPointer?) -> Memdesc {
        let d = descriptor.unsafelyUnwrapped
        SeparateMemdesc.place(d, type: type, pfn: pfn, order: order)
        let memdesc = Memdesc(d, type)
        fill(pfn, order: order, UInt64(order), UInt64(memdesc.raw))
        return memdesc
    }

    @inline(__always)
    public func release(_ pfn: Int, order: Int) { fill(pfn, order: order, 0, 0) }

    public func nestFolio(_ pfn: Int, folio: UnsafeMutableRawPointer) -> Memdesc {
        let memdesc = stash(ListHead(next: UInt(word0(pfn)), prev: UInt(word1(pfn))), folio: folio, pfn: pfn)
        setWords(pfn, word0(pfn) & ~Self.orderMask, UInt64(memdesc.raw))
        return memdesc
    }

    public func unnestFolio(_ pfn: Int, folio: UnsafeMutableRawPointer) {
        let stash = SeparateMemdesc.Folio.stash.load(folio)
        setWords(pfn, UInt64(stash.next), UInt64(stash.prev))
    }

    // MARK: Lookup

    @inline(__always)
    public func memdesc(ofPFN pfn: Int) -> Memdesc { memdesc(inWord: word1(pfn), pfn: pfn) }

    @inline(__always)
    public func order(ofPFN pfn: Int) -> Int { Int(word0(pfn) & Self.orderMask) }

    /// A folio nested in a slab has the slab's `compound_head` in its stash.
    public func owner(ofPFN pfn: Int) -> Memdesc { stashedOwner(ofPFN: pfn) }

    public static var pageFields: [FieldDescription] { [
        FieldDescription(name: "flags (order:5" + (Links.self == DescriptorLinks.self ? "; next_free:32)" : ")"), offset: 0, size: 8),
        FieldDescription(name: "compound_head (memdesc * | type:4" + (Links.self == DescriptorLinks.self ? "; prev_free:32)" : ")"), offset: 8, size: 8),
    ] }
}

/// `chead16` with its free-list links in the descriptor words (the default).
public typealias CHead16 = CHead16Layout<DescriptorLinks>
/// `chead16-freemem`: the same page, free-list links kept in the free pages themselves.
public typealias CHead16FreeMemory = CHead16Layout<FreeMemoryLinks>
/// `chead16-bitmap`: the same page, free lists kept as bitmaps outside the memmap.
public typealias CHead16Bitmap = CHead16Layout<BitmapLinks>
