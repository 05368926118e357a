/// Where a small layout keeps its free lists (seed 001's question). Freeing must never
/// allocate, so every store lives in memory that is already there: the descriptor, the free
/// page itself, or bitmaps sized for the whole machine at boot.
public protocol FreeLinks {
    /// The most pages the store can link (`PageLayout.maxPageCount`).
    static var maxPageCount: Int { get }
    /// What the CSV calls the choice (`store=` in variants).
    static var storeName: String { get }
    /// Appended to the layout's name: empty for the default, links in the descriptor.
    static var nameSuffix: String { get }
    /// Bytes of one list head for a machine of `pageCount` pages.
    static func headSize(pageCount: Int) -> Int
    /// Whether a list keeps the order its entries were added in (`PageLayout.listsKeepOrder`).
    static var keepsOrder: Bool { get }

    static func initialize<P: FreeListPage>(_ head: UnsafeMutableRawPointer, in page: P)
    static func isEmpty(_ head: UnsafeMutableRawPointer) -> Bool
    /// At the head (the front).
    static func add<P: FreeListPage>(_ pfn: Int, _ head: UnsafeMutableRawPointer, in page: P)
    /// At the tail (the back).
    static func addTail<P: FreeListPage>(_ pfn: Int, _ head: UnsafeMutableRawPointer, in page: P)
    static func delete<P: FreeListPage>(_ pfn: Int, _ head: UnsafeMutableRawPointer, in page: P)
    static func first<P: FreeListPage>(_ head: UnsafeMutableRawPointer, in page: P) -> Int?
    static func last<P: FreeListPage>(_ head: UnsafeMutableRawPointer, in page: P) -> Int?
    static func next<P: FreeListPage>(_ pfn: Int, _ head: UnsafeMutableRawPointer, in page: P) -> Int?
}

extension FreeLinks {
    public static var maxPageCount: Int { Int.max }
}

/// Doubly linked lists of pfns, the head holding the first pfn and the last (for the
/// per-CPU lists' tail operations), 32 bits each. Where a page keeps its two links is the
/// store's; a link reads `pfnListEnd` at either end of the list.
public protocol PFNLinks: FreeLinks {
    /// The link `which` (0 = next, 1 = prev) of free page `pfn`, or `pfnListEnd`.
    static func link<P: FreeListPage>(_ pfn: Int, _ which: Int, _ page: P) -> UInt64
    static func setLink<P: FreeListPage>(_ pfn: Int, _ which: Int, _ value: UInt64, _ page: P)
}

let pfnListEnd: UInt64 = 0xffff_ffff

extension PFNLinks {
    /// The first pfn, then the last, 32 bits each.
    public static func headSize(pageCount: Int) -> Int { 8 }
    public static var keepsOrder: Bool { true }

    /// The pfn at one end of the list: the first (`end` 0) or the last (`end` 1).
    @inline(__always)
    static func headEnd(_ head: UnsafeMutableRawPointer, _ end: Int) -> UInt64 {
        UInt64(head.load(fromByteOffset: end * 4, as: UInt32.self))
    }

    @inline(__always)
    static func setHeadEnd(_ head: UnsafeMutableRawPointer, _ end: Int, _ pfn: UInt64) {
        head.storeBytes(of: UInt32(truncatingIfNeeded: pfn), toByteOffset: end * 4, as: UInt32.self)
    }

    public static func initialize<P: FreeListPage>(_ head: UnsafeMutableRawPointer, in page: P) {
        setHeadEnd(head, 0, pfnListEnd)
        setHeadEnd(head, 1, pfnListEnd)
    }

    @inline(__always)
    public static func isEmpty(_ head: UnsafeMutableRawPointer) -> Bool { headEnd(head, 0) == pfnListEnd }

    /// Put `pfn` at one end: the front (`end` 0, `list_add`) or the back (`end` 1,
    /// `list_add_tail`). Its link towards the rest of the list (`next` at the front, `prev`
    /// at the back) is the old end; its other link is the list's end.
    @inline(__always)
    static func insert<P: FreeListPage>(_ pfn: Int, atEnd end: Int, _ head: UnsafeMutableRawPointer, _ page: P) {
        let old = headEnd(head, end), inward = end, outward = 1 - end
        setLink(pfn, inward, old, page)
        setLink(pfn, outward, pfnListEnd, page)
        if old != pfnListEnd { setLink(Int(old), outward, UInt64(pfn), page) } else { setHeadEnd(head, outward, UInt64(pfn)) }
        setHeadEnd(head, end, UInt64(pfn))
    }

    @inline(__always)
    public static func add<P: FreeListPage>(_ pfn: Int, _ head: UnsafeMutableRawPointer, in page: P) {
        insert(pfn, atEnd: 0, head, page)
    }

    @inline(__always)
    public static func addTail<P: FreeListPage>(_ pfn: Int, _ head: UnsafeMutableRawPointer, in page: P) {
        insert(pfn, atEnd: 1, head, page)
    }

    @inline(__always)
    public static func delete<P: FreeListPage>(_ pfn: Int, _ head: UnsafeMutableRawPointer, in page: P) {
        let next = link(pfn, 0, page), prev = link(pfn, 1, page)
        if prev != pfnListEnd { setLink(Int(prev), 0, next, page) } else { setHeadEnd(head, 0, next) }
        if next != pfnListEnd { setLink(Int(next), 1, prev, page) } else { setHeadEnd(head, 1, prev) }
    }

    @inline(__always)
    public static func first<P: FreeListPage>(_ head: UnsafeMutableRawPointer, in page: P) -> Int? {
        let first = headEnd(head, 0)
        return first == pfnListEnd ? nil : Int(first)
    }

    @inline(__always)
    public static func last<P: FreeListPage>(_ head: UnsafeMutableRawPointer, in page: P) -> Int? {
        let last = headEnd(head, 1)
        return last == pfnListEnd ? nil : Int(last)
    }

    public static func next<P: FreeListPage>(_ pfn: Int, _ head: UnsafeMutableRawPointer, in page: P) -> Int? {
        let next = link(pfn, 0, page)
        return next == pfnListEnd ? nil : Int(next)
    }
}

/// Links of 32 bits each at an address of their own: limits the arena to 2^32 - 2 pages
/// (16 TiB), the end marker being 2^32 - 1.
public protocol Word32Links: PFNLinks {
    /// The 32-bit link `which` (0 = next, 1 = prev) of free page `pfn`.
    static func address<P: FreeListPage>(_ pfn: Int, which: Int, in page: P) -> UnsafeMutableRawPointer
}

extension Word32Links {
    public static var maxPageCount: Int { Int(pfnListEnd) - 1 }

    @inline(__always)
    public static func link<P: FreeListPage>(_ pfn: Int, _ which: Int, _ page: P) -> UInt64 {
        UInt64(address(pfn, which: which, in: page).load(as: UInt32.self))
    }

    @inline(__always)
    public static func setLink<P: FreeListPage>(_ pfn: Int, _ which: Int, _ value: UInt64, _ page: P) {
        address(pfn, which: which, in: page).storeBytes(of: UInt32(truncatingIfNeeded: value), as: UInt32.self)
    }
}

/// In the high halves of a 16-byte page's two words (DOMAIN.md: "32-bit PFN links fit a
/// 16-byte page"). Touches nothing but the memmap.
public enum DescriptorLinks: Word32Links {
    public static var storeName: String { "descriptor" }
    public static var nameSuffix: String { "" }

    @inline(__always)
    public static func address<P: FreeListPage>(_ pfn: Int, which: Int, in page: P) -> UnsafeMutableRawPointer {
        page.memmap + (pfn << 4) + which * 8 + 4
    }
}

/// In the first bytes of the free page itself, as many allocators keep their free lists:
/// the memmap holds only the type and order, but every free and allocation touches a data
/// page (and faults it in, the first time).
public enum FreeMemoryLinks: Word32Links {
    public static var storeName: String { "free-memory" }
    public static var nameSuffix: String { "-freemem" }

    @inline(__always)
    public static func address<P: FreeListPage>(_ pfn: Int, which: Int, in page: P) -> UnsafeMutableRawPointer {
        page.arena + (pfn << PageGeometry.pageShift) + which * 4
    }
}
