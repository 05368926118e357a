/// What the layouts with separately allocated memdescs share (`twoword16`, `chead16`,
/// `interim32`, `memdesc8`): every page of an allocation holds a pointer to its memdesc
/// with the type in the low 4 bits (`MemdescType`), in a word at `memdescOffset` of a
/// `struct page` of 2^`pageShift` bytes; the memdescs record their own pfn and order
/// (`SeparateMemdesc`).
public protocol MemdescWordPage: PageLayout {
    /// log2 of `sizeof(struct page)`.
    static var pageShift: Int { get }
    /// Where the memdesc word is in `struct page`.
    static var memdescOffset: Int { get }
    /// Bit t set when a word tagged t points to a descriptor (the C floor, `describe`).
    static var descriptorTags: UInt16 { get }
    /// Whether `word`'s tag is one of `descriptorTags`, in as few instructions as the table
    /// allows: a lookup's instructions bound how many lookups the CPU keeps in flight.
    static func hasDescriptor(_ word: UInt) -> Bool
    /// The tag a page's word carries for `type`.
    static func tag(of type: MemdescType) -> UInt64
    /// The memdesc named by a word whose tag is one of `descriptorTags`.
    static func memdesc(descriptorWord word: UInt64) -> Memdesc
    /// `struct page`'s fields, for `describe`.
    static var pageFields: [FieldDescription] { get }
}

extension MemdescWordPage {
    public static var pageDescriptorSize: Int { 1 << pageShift }
    public static var separateMemdescs: Bool { true }
    @inline(__always) public static var folioLayout: FolioLayout { SeparateMemdesc.Folio.layout }

    /// The one table's tags: every type but misc (0) and buddy (1) has a descriptor.
    public static var descriptorTags: UInt16 { 0xfffc }

    @inline(__always)
    public static func tag(of type: MemdescType) -> UInt64 { UInt64(type.rawValue) }

    @inline(__always)
    public static func memdesc(descriptorWord word: UInt64) -> Memdesc { Memdesc(raw: UInt(word)) }

    /// The word a page of an allocation holds for `memdesc`.
    @inline(__always)
    static func word(of memdesc: Memdesc) -> UInt64 {
        UInt64(UInt(bitPattern: memdesc.pointer)) | tag(of: memdesc.type)
    }

    /// Tags 2-15.
    @inline(__always)
    public static func hasDescriptor(_ word: UInt) -> Bool { word & 0xe != 0 }

    @inline(__always)
    static func hasDescriptor(_ word: UInt64) -> Bool { hasDescriptor(UInt(word)) }

    @inline(__always)
    func page(_ pfn: Int) -> UnsafeMutableRawPointer { memmap + (pfn << Self.pageShift) }

    @inline(__always)
    func memdescWord(_ pfn: Int) -> UInt64 { page(pfn).load(fromByteOffset: Self.memdescOffset, as: UInt64.self) }

    /// `page_folio` as a lookup loop uses it: the memdesc word read with `READ_ONCE`, and
    /// the descriptor it points to or, for a tag with none, the descriptor of zeros: a cmov
    /// (see `Package.swift` on the cmov converter), so lookups wait for their loads.
    @inline(__always)
    public func pageFolio(_ pfn: Int) -> UnsafeRawPointer {
        let word = readOnce(page(pfn) + Self.memdescOffset)
        let descriptor = Self.hasDescriptor(word) ? word & ~0xf : UInt(bitPattern: zeroDescriptor)
        return UnsafeRawPointer(bitPattern: descriptor).unsafelyUnwrapped
    }

    /// `virt_to_slab`: the memdesc word tagged slab.
    @inline(__always)
    public func slab(ofPFN pfn: Int) -> UnsafeMutableRawPointer? {
        let w = memdescWord(pfn)
        return w & 0xf == Self.tag(of: .slab) ? UnsafeMutableRawPointer(bitPattern: UInt(w & ~0xf)) : nil
    }

    /// The memdesc of the free block headed by `pfn`: buddy information is "embedded" in
    /// the page, so there is no descriptor; the memdesc is the pfn, tagged buddy. (A pointer
    /// to the page would not do: an 8-byte page is not 16-byte aligned, and the tag would
    /// land on its address bits.)
    @inline(__always)
    func buddyMemdesc(_ pfn: Int) -> Memdesc { Memdesc(raw: UInt(pfn) << 4 | UInt(MemdescType.buddy.rawValue)) }

    /// The memdesc held in a word with the one table's tags (not `interim32`'s): buddy is
    /// the page's free block (`buddyMemdesc`), and a free word (tag 0) no memdesc, whatever
    /// its high bits hold.
    @inline(__always)
    func memdesc(inWord word: UInt64, pfn: Int) -> Memdesc {
        switch MemdescType(tag: UInt(word)) {
        case .none: return .none
        case .buddy: return buddyMemdesc(pfn)
        default: return Memdesc(raw: UInt(word))
        }
    }

    /// A free block's memdesc is its pfn (`buddyMemdesc`); the others record theirs.
    @inline(__always)
    public func headPFN(of memdesc: Memdesc) -> Int {
        memdesc.type == .buddy ? Int(memdesc.raw >> 4) : SeparateMemdesc.pfn(of: memdesc)
    }

    @inline(__always)
    public func order(of memdesc: Memdesc) -> Int {
        memdesc.type == .buddy ? order(ofPFN: headPFN(of: memdesc)) : SeparateMemdesc.order(of: memdesc)
    }

    /// `free_pages_prepare`'s checks of a separately allocated folio: `free_page_is_bad` and
    /// the large-folio checks of `free_tail_page_prepare` on the descriptor, which keeps the
    /// head page's offsets (slab, ptdesc and netmem descriptors keep their pfn where a page
    /// has `mapping` or `page_type`, and are not checked).
    func checkFreeDescriptor(_ memdesc: Memdesc, pfn: Int, order: Int) -> BadPage? {
        guard memdesc.type == .folio else { return nil }
        var state = PageState(memdesc.pointer, memcg: Self.folioLayout.memcg)
        state.pagePool = false  // a folio descriptor has no pp_magic; its lru is there
        if let bad = state.check(PageFlags.checkAtFree, pfn: pfn) { return bad }
        if order > 0, let reason = FolioState.largeFolioBad(memdesc.pointer, order: order, fields: Self.folioLayout, mmIDs: nil) {
            return BadPage(pfn: pfn, reason)
        }
        return nil
    }

    /// Nesting by stash (seed 004, one word of ownership): a folio handed out from a slab
    /// page keeps the page's old words in its `_slab_stash`, the memdesc word in `prev`.
    func stash(_ words: ListHead, folio: UnsafeMutableRawPointer, pfn: Int) -> Memdesc {
        SeparateMemdesc.place(folio, type: .folio, pfn: pfn, order: 0)
        SeparateMemdesc.Folio.stash.store(words, folio)
        return Memdesc(folio, .folio)
    }

    /// The owner of a page nested by stash: the slab in the folio's stash.
    func stashedOwner(ofPFN pfn: Int) -> Memdesc {
        let md = memdesc(ofPFN: pfn)
        guard md.type == .folio, FolioField.flags.load(md.pointer) & FolioFlag.fromSlab != 0 else { return md }
        return Memdesc(raw: SeparateMemdesc.Folio.stash.load(md.pointer).prev)
    }

    public static var structs: [StructDescription] {
        [StructDescription(name: "struct page", size: pageDescriptorSize, placement: "memmap, one per page",
                           fields: pageFields)] + SeparateMemdesc.structs
    }
}
