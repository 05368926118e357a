/// Where a two-word layout keeps its free lists (seed 001's question). Freeing must never
/// allocate, so every store lives in memory that is already there: the descriptor, the free
/// page itself, or bitmaps sized for the whole machine at boot.
public protocol FreeLinks {
    /// What the CSV calls the choice (`store=` in variants).
    static var storeName: String { get }
    /// Appended to the layout's name: empty for the default, links in the descriptor.
    static var nameSuffix: String { get }
    /// Bytes of one list head for a machine of `pageCount` pages.
    static func headSize(pageCount: Int) -> Int

    static func initialize<P: TwoWordPage>(_ head: UnsafeMutableRawPointer, in page: P)
    static func isEmpty(_ head: UnsafeMutableRawPointer) -> Bool
    static func add<P: TwoWordPage>(_ pfn: Int, _ head: UnsafeMutableRawPointer, in page: P)
    static func delete<P: TwoWordPage>(_ pfn: Int, _ head: UnsafeMutableRawPointer, in page: P)
    static func first<P: TwoWordPage>(_ head: UnsafeMutableRawPointer, in page: P) -> Int?
    static func next<P: TwoWordPage>(_ pfn: Int, _ head: UnsafeMutableRawPointer, in page: P) -> Int?
}

/// Doubly linked lists of 32-bit pfns, the head holding the first pfn. Limits the arena to
/// 2^32 - 1 pages (16 TiB).
public protocol PFNLinks: FreeLinks {
    /// The 32-bit link `which` (0 = next, 1 = prev) of free page `pfn`.
    static func address<P: TwoWordPage>(_ pfn: Int, which: Int, in page: P) -> UnsafeMutableRawPointer
}

let pfnListEnd: UInt64 = 0xffff_ffff

extension PFNLinks {
    public static func headSize(pageCount: Int) -> Int { 8 }

    @inline(__always)
    static func link<P: TwoWordPage>(_ pfn: Int, _ which: Int, _ page: P) -> UInt64 {
        UInt64(address(pfn, which: which, in: page).load(as: UInt32.self))
    }

    @inline(__always)
    static func setLink<P: TwoWordPage>(_ pfn: Int, _ which: Int, _ value: UInt64, _ page: P) {
        address(pfn, which: which, in: page).storeBytes(of: UInt32(truncatingIfNeeded: value), as: UInt32.self)
    }

    @inline(__always)
    static func headFirst(_ head: UnsafeMutableRawPointer) -> UInt64 { UInt64(head.load(as: UInt32.self)) }

    public static func initialize<P: TwoWordPage>(_ head: UnsafeMutableRawPointer, in page: P) {
        head.storeBytes(of: UInt32.max, as: UInt32.self)
    }

    @inline(__always)
    public static func isEmpty(_ head: UnsafeMutableRawPointer) -> Bool { headFirst(head) == pfnListEnd }

    @inline(__always)
    public static func add<P: TwoWordPage>(_ pfn: Int, _ head: UnsafeMutableRawPointer, in page: P) {
        let first = headFirst(head)
        setLink(pfn, 0, first, page)
        setLink(pfn, 1, pfnListEnd, page)
        if first != pfnListEnd { setLink(Int(first), 1, UInt64(pfn), page) }
        head.storeBytes(of: UInt32(truncatingIfNeeded: pfn), as: UInt32.self)
    }

    @inline(__always)
    public static func delete<P: TwoWordPage>(_ pfn: Int, _ head: UnsafeMutableRawPointer, in page: P) {
        let next = link(pfn, 0, page), prev = link(pfn, 1, page)
        if prev != pfnListEnd {
            setLink(Int(prev), 0, next, page)
        } else {
            head.storeBytes(of: UInt32(truncatingIfNeeded: next), as: UInt32.self)
        }
        if next != pfnListEnd { setLink(Int(next), 1, prev, page) }
    }

    @inline(__always)
    public static func first<P: TwoWordPage>(_ head: UnsafeMutableRawPointer, in page: P) -> Int? {
        let first = headFirst(head)
        return first == pfnListEnd ? nil : Int(first)
    }

    public static func next<P: TwoWordPage>(_ pfn: Int, _ head: UnsafeMutableRawPointer, in page: P) -> Int? {
        let next = link(pfn, 0, page)
        return next == pfnListEnd ? nil : Int(next)
    }
}

/// In the high halves of the page's two words (DOMAIN.md: "32-bit PFN links fit a
/// 16-byte page"). Touches nothing but the memmap.
public enum DescriptorLinks: PFNLinks {
    public static var storeName: String { "descriptor" }
    public static var nameSuffix: String { "" }

    @inline(__always)
    public static func address<P: TwoWordPage>(_ pfn: Int, which: Int, in page: P) -> UnsafeMutableRawPointer {
        page.memmap + (pfn << 4) + which * 8 + 4
    }
}

/// In the first bytes of the free page itself, as many allocators keep their free lists:
/// the memmap holds only the type and order, but every free and allocation touches a data
/// page (and faults it in, the first time).
public enum FreeMemoryLinks: PFNLinks {
    public static var storeName: String { "free-memory" }
    public static var nameSuffix: String { "-freemem" }

    @inline(__always)
    public static func address<P: TwoWordPage>(_ pfn: Int, which: Int, in page: P) -> UnsafeMutableRawPointer {
        page.arena + (pfn << PageGeometry.pageShift) + which * 4
    }
}
