/// What `twoword16` and `chead16` share: a 16-byte `struct page` of two words, free lists
/// kept where `Links` says (by default 32-bit PFN links in the high halves of the two words
/// while the page is free: DOMAIN.md section 6, "32-bit PFN links fit a 16-byte page"), and
/// separately allocated memdescs that record their own pfn. The memdesc word is word 1.
///
/// The low bits of both words keep their meaning while a page is free, so a speculative
/// reader that loads a word of a free page sees a free type, never a stale pointer.
public protocol TwoWordPage: FreeListPage, MemdescWordPage {
    /// The bits of word 0 that say who holds the page and at what order: clear while it is
    /// free (its free-list links, if any, are elsewhere in the word).
    static var allocatorBits: UInt64 { get }
    /// Word 0 of every page of a page allocation of `order`.
    static func allocatedWord0(order: Int) -> UInt64
}

extension TwoWordPage {
    public static var pageShift: Int { 4 }
    public static var memdescOffset: Int { 8 }

    @inline(__always) func word0(_ pfn: Int) -> UInt64 { page(pfn).load(as: UInt64.self) }
    @inline(__always) func word1(_ pfn: Int) -> UInt64 { memdescWord(pfn) }

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

    /// `free_pages_prepare`'s checks for a two-word page: the folio descriptor's, then
    /// every page's words must name this allocation, as `compound_head` must name the head.
    public func checkFreePages(_ pfn: Int, order: Int) -> BadPage? {
        let memdesc = memdesc(ofPFN: pfn)
        if let bad = checkFreeDescriptor(memdesc, pfn: pfn, order: order) { return bad }
        let allocated = Self.allocatedWord0(order: order)
        for p in pfn..<pfn + (1 << order)
        where word1(p) != UInt64(memdesc.raw) || word0(p) & Self.allocatorBits != allocated {
            return BadPage(pfn: p, .wordsNotConsistent)
        }
        return nil
    }

    // MARK: Memdescs

    /// Type from the tag of word 1, order from word 0: no descriptor is touched.
    @inline(__always)
    public func classify(_ pfn: Int) -> (type: MemdescType, order: Int) {
        (MemdescType(tag: UInt(word1(pfn))), order(ofPFN: pfn))
    }
}
