/// A layout whose free lists are kept by a `FreeLinks` store, chosen per variant: the 16-
/// and 8-byte pages, which have no room for a `list_head` (legacy64 and interim32 keep the
/// kernel's `buddy_list` / `pcp_list` in `struct page`).
public protocol FreeListPage: PageLayout {
    /// Where the free-list links live.
    associatedtype Links: FreeLinks
    /// The simulated physical memory, where `FreeMemoryLinks` keeps its links.
    var arena: UnsafeMutableRawPointer { get }
}

extension FreeListPage {
    public static func listHeadSize(pageCount: Int) -> Int { Links.headSize(pageCount: pageCount) }
    public static var listsKeepOrder: Bool { Links.keepsOrder }
    public static var maxPageCount: Int { Links.maxPageCount }

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
}
