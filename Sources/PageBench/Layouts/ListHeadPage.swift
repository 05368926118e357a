/// A layout that links its free pages as the kernel does, through a `struct list_head` in
/// `struct page` (`buddy_list` / `pcp_list`, one union): `legacy64` and `interim32`.
public protocol ListHeadPage: PageLayout {
    /// Where `buddy_list` is in `struct page`.
    static var listOffset: Int { get }
}

extension ListHeadPage {
    public static func listHeadSize(pageCount: Int) -> Int { MemoryLayout<ListHead>.size }

    @inline(__always)
    func listEntry(_ pfn: Int) -> UnsafeMutableRawPointer { memmap + (pfn &* Self.pageDescriptorSize &+ Self.listOffset) }

    @inline(__always)
    func pfn(ofEntry entry: UnsafeMutableRawPointer) -> Int {
        (entry - Self.listOffset - memmap) >> Self.pageDescriptorSize.trailingZeroBitCount
    }

    public func listInit(_ head: UnsafeMutableRawPointer) { ListHead.initialize(head) }

    @inline(__always)
    public func listIsEmpty(_ head: UnsafeMutableRawPointer) -> Bool { ListHead.isEmpty(head) }

    @inline(__always)
    public func listAdd(_ pfn: Int, _ head: UnsafeMutableRawPointer) { ListHead.add(listEntry(pfn), head) }

    @inline(__always)
    public func listAddTail(_ pfn: Int, _ head: UnsafeMutableRawPointer) { ListHead.addTail(listEntry(pfn), head) }

    @inline(__always)
    public func listDel(_ pfn: Int, _ head: UnsafeMutableRawPointer) { ListHead.delete(listEntry(pfn)) }

    @inline(__always)
    public func listFirst(_ head: UnsafeMutableRawPointer) -> Int? { ListHead.first(head).map(pfn(ofEntry:)) }

    @inline(__always)
    public func listLast(_ head: UnsafeMutableRawPointer) -> Int? { ListHead.last(head).map(pfn(ofEntry:)) }

    public func listNext(_ pfn: Int, _ head: UnsafeMutableRawPointer) -> Int? {
        ListHead.next(listEntry(pfn), head).map(pfn(ofEntry:))
    }
}
