/// `memdesc8`'s free lists packed into the free page's own word: the next and previous
/// pfns, 28 bits each, beside the type and order (`Memdesc8Word`). The links are
/// zone-relative pfns (this machine has one zone, from pfn 0), so a zone can have at most
/// 2^28 pages (1 TiB); a larger zone needs its links in the free memory or a bitmap. A
/// list's end is a link to the page itself, which no neighbour can be, so every pfn of the
/// zone is usable. Touches nothing but the memmap, like `DescriptorLinks`.
public enum PackedWordLinks: PFNLinks {
    public static var storeName: String { "packed-word" }
    public static var nameSuffix: String { "" }
    public static var maxPageCount: Int { 1 << Memdesc8Word.next.width }

    @inline(__always)
    static func field(_ which: Int) -> BitField { which == 0 ? Memdesc8Word.next : Memdesc8Word.prev }

    @inline(__always)
    static func wordAddress<P: FreeListPage>(_ pfn: Int, _ page: P) -> UnsafeMutableRawPointer {
        page.memmap + (pfn << 3)
    }

    @inline(__always)
    public static func link<P: FreeListPage>(_ pfn: Int, _ which: Int, _ page: P) -> UInt64 {
        let value = field(which).get(wordAddress(pfn, page).load(as: UInt64.self))
        return value == UInt64(pfn) ? pfnListEnd : value
    }

    @inline(__always)
    public static func setLink<P: FreeListPage>(_ pfn: Int, _ which: Int, _ value: UInt64, _ page: P) {
        let address = wordAddress(pfn, page)
        let stored = value == pfnListEnd ? UInt64(pfn) : value
        address.storeBytes(of: field(which).set(stored, in: address.load(as: UInt64.self)), as: UInt64.self)
    }
}
