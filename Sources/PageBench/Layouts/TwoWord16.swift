/// `twoword16`: Kent Overstreet's two-word `struct page` (seeds 001 and 004).
///
/// Word 0 is the *allocator* word: who handed the page out and its state there. Word 1 is
/// the *allocatee* word: a tagged pointer to the memdesc of the user. Four pages share a
/// cache line; `page_folio` is one load in the memmap and one dependent load in the folio.
///
/// Allocator word: bits 0-3 `Owner`, bits 4-9 the order (buddy, per-CPU list, allocated),
/// or the owning `struct slab` pointer when a slab handed the page out (seed 004); bits
/// 32-63 the next free-list PFN while the page is free. Allocatee word: the memdesc pointer
/// with its type in bits 0-3; while free, the buddy (head of a free block) or none (on a
/// per-CPU list) tag and the previous free-list PFN in bits 32-63.
public struct TwoWord16Layout<Links: FreeLinks>: TwoWordPage {
    public static var name: String { "twoword16" + Links.nameSuffix }
    public static var supportsNestedFolios: Bool { true }
    public static var floorPattern: FloorPattern {
        .taggedWord(wordOffset: 8, descriptorTags: descriptorTags, scan: .orderInWord0(shift: 4, mask: 0x3f))
    }

    public let memmap: UnsafeMutableRawPointer
    public let arena: UnsafeMutableRawPointer
    public let pageCount: Int

    public init(memmap: UnsafeMutableRawPointer, arena: UnsafeMutableRawPointer, pageCount: Int) {
        self.memmap = memmap
        self.arena = arena
        self.pageCount = pageCount
    }

    /// Who handed the page out.
    enum Owner: UInt64 {
        case none = 0
        case buddy = 1
        case perCPU = 2
        case pageAllocator = 3
        case slab = 4
    }

    @inline(__always)
    static func allocatorWord(_ owner: Owner, order: Int) -> UInt64 { UInt64(order) << 4 | owner.rawValue }

    @inline(__always)
    static func owner(_ word: UInt64) -> Owner { Owner(rawValue: word & 0xf) ?? .none }

    /// Owner and order.
    public static var allocatorBits: UInt64 { 0x3ff }

    @inline(__always)
    public static func allocatedWord0(order: Int) -> UInt64 { allocatorWord(.pageAllocator, order: order) }

    // MARK: Buddy state

    @inline(__always)
    public func setBuddy(_ pfn: Int, order: Int) {
        setWords(pfn, Self.allocatorWord(.buddy, order: order), UInt64(MemdescType.buddy.rawValue))
    }

    @inline(__always)
    public func clearBuddy(_ pfn: Int) { setWords(pfn, 0, 0) }

    @inline(__always)
    public func isBuddy(_ pfn: Int, order: Int) -> Bool {
        word0(pfn) & 0x3ff == Self.allocatorWord(.buddy, order: order)
    }

    @inline(__always)
    public func buddyOrder(_ pfn: Int) -> Int? {
        let w = word0(pfn)
        return Self.owner(w) == .buddy ? Int(w >> 4 & 0x3f) : nil
    }

    @inline(__always)
    public func setPCP(_ pfn: Int, order: Int) { setWords(pfn, Self.allocatorWord(.perCPU, order: order), 0) }

    @inline(__always)
    public func clearPCP(_ pfn: Int) { setWords(pfn, 0, 0) }

    // MARK: Allocation

    @inline(__always)
    public func prepare(_ pfn: Int, order: Int, type: MemdescType,
                        descriptor: UnsafeMutableRawPointer?) -> Memdesc {
        let d = descriptor.unsafelyUnwrapped
        SeparateMemdesc.place(d, type: type, pfn: pfn, order: order)
        let memdesc = Memdesc(d, type)
        fill(pfn, order: order, Self.allocatorWord(.pageAllocator, order: order), UInt64(memdesc.raw))
        return memdesc
    }

    @inline(__always)
    public func release(_ pfn: Int, order: Int) { fill(pfn, order: order, 0, 0) }

    /// The slab stays in the allocator word; the folio takes the allocatee word.
    public func nestFolio(_ pfn: Int, folio: UnsafeMutableRawPointer) -> Memdesc {
        let slab = word1(pfn) & ~0xf
        SeparateMemdesc.place(folio, type: .folio, pfn: pfn, order: 0)
        let memdesc = Memdesc(folio, .folio)
        setWords(pfn, slab | Owner.slab.rawValue, UInt64(memdesc.raw))
        return memdesc
    }

    public func unnestFolio(_ pfn: Int, folio: UnsafeMutableRawPointer) {
        let slab = Memdesc(raw: UInt(word0(pfn) & ~0xf) | UInt(MemdescType.slab.rawValue))
        let order = SeparateMemdesc.order(of: slab)
        setWords(pfn, Self.allocatorWord(.pageAllocator, order: order), UInt64(slab.raw))
    }

    // MARK: Lookup

    @inline(__always)
    public func memdesc(ofPFN pfn: Int) -> Memdesc { memdesc(inWord: word1(pfn), pfn: pfn) }

    public func owner(ofPFN pfn: Int) -> Memdesc {
        let w = word0(pfn)
        return Self.owner(w) == .slab
            ? Memdesc(raw: UInt(w & ~0xf) | UInt(MemdescType.slab.rawValue))
            : memdesc(ofPFN: pfn)
    }

    @inline(__always)
    public func order(ofPFN pfn: Int) -> Int {
        let w = word0(pfn)
        return Self.owner(w) == .slab ? 0 : Int(w >> 4 & 0x3f)
    }

    public static var pageFields: [FieldDescription] { [
        FieldDescription(name: "allocator (owner:4, order:6 | struct slab *" + (Links.self == DescriptorLinks.self ? "; next_free:32)" : ")"), offset: 0, size: 8),
        FieldDescription(name: "allocatee (memdesc * | type:4" + (Links.self == DescriptorLinks.self ? "; prev_free:32)" : ")"), offset: 8, size: 8),
    ] }
}

/// `twoword16` with its free-list links in the descriptor words (the default).
public typealias TwoWord16 = TwoWord16Layout<DescriptorLinks>
/// `twoword16-freemem`: the same page, free-list links kept in the free pages themselves.
public typealias TwoWord16FreeMemory = TwoWord16Layout<FreeMemoryLinks>
/// `twoword16-bitmap`: the same page, free lists kept as bitmaps outside the memmap.
public typealias TwoWord16Bitmap = TwoWord16Layout<BitmapLinks>
