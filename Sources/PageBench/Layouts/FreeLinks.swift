/// Where a two-word layout keeps the links of its free lists (seed 001's question: freeing
/// must never allocate, so the links have to live in memory that is already there).
public protocol FreeLinks {
    /// What the CSV calls the choice (`store=` in variants).
    static var storeName: String { get }
    /// Appended to the layout's name: empty for the default, links in the descriptor.
    static var nameSuffix: String { get }
    /// The 32-bit link `which` (0 = next, 1 = prev) of free page `pfn`.
    static func address(memmap: UnsafeMutableRawPointer, arena: UnsafeMutableRawPointer,
                        pfn: Int, which: Int) -> UnsafeMutableRawPointer
}

/// In the high halves of the page's two words (DOMAIN.md: "32-bit PFN links fit a
/// 16-byte page"). Touches nothing but the memmap.
public enum DescriptorLinks: FreeLinks {
    public static var storeName: String { "descriptor" }
    public static var nameSuffix: String { "" }

    @inline(__always)
    public static func address(memmap: UnsafeMutableRawPointer, arena: UnsafeMutableRawPointer,
                               pfn: Int, which: Int) -> UnsafeMutableRawPointer {
        memmap + (pfn << 4) + which * 8 + 4
    }
}

/// In the first bytes of the free page itself, as many allocators keep their free lists:
/// the memmap holds only the type and order, but every free and allocation touches a data
/// page (and faults it in, the first time).
public enum FreeMemoryLinks: FreeLinks {
    public static var storeName: String { "free-memory" }
    public static var nameSuffix: String { "-freemem" }

    @inline(__always)
    public static func address(memmap: UnsafeMutableRawPointer, arena: UnsafeMutableRawPointer,
                               pfn: Int, which: Int) -> UnsafeMutableRawPointer {
        arena + (pfn << PageGeometry.pageShift) + which * 4
    }
}
