/// The per-CPU page lists (`struct per_cpu_pages`, mm/page_alloc.c): small blocks freed
/// here are cached instead of merged, and allocations take them back first. This is what
/// makes `alloc_page` + `__free_page` cheap in the kernel, so the harness models it.
///
/// One CPU is modelled. Orders 0 to `PAGE_ALLOC_COSTLY_ORDER` are cached (the THP list is
/// not). Refill and drain move `batch` pages at a time (`rmqueue_bulk`,
/// `free_pcppages_bulk`); the list is drained when it holds `high` pages or more, and
/// completely when the buddy allocator runs dry (`drain_all_pages` before failing).
public struct PerCPUPages<L: PageLayout> {
    /// `zone_batchsize` for zones of 256 MiB and more.
    public static var batch: Int { 63 }
    /// `pcp->high`, within the kernel's `high_min` (4 x batch) to `high_max` range.
    public static var high: Int { 8 * batch }
    public static var lists: Int { PageGeometry.costlyOrder + 1 }

    let zone: Zone<L>
    let heads: UnsafeMutableRawPointer
    /// `pcp->count`, in pages.
    let count: UnsafeMutablePointer<Int>

    init(zone: Zone<L>, control: inout ControlBlock) {
        self.zone = zone
        heads = control.carveBytes(zone.headStride * Self.lists)
        count = control.carve(Int.self)
        count.initialize(to: 0)
        for order in 0..<Self.lists { zone.layout.listInit(list(order)) }
    }

    @inline(__always)
    func list(_ order: Int) -> UnsafeMutableRawPointer { heads + order * zone.headStride }

    /// Pages cached on the lists.
    public var pages: Int { count.pointee }

    /// `alloc_pages` for one block: the per-CPU list for small orders, the buddy lists
    /// otherwise; drains the lists and retries before giving up.
    @inline(__always)
    public func allocate(order: Int) -> Int? {
        if order < Self.lists {
            let head = list(order)
            if let pfn = zone.layout.listFirst(head) ?? refill(order: order) {
                zone.layout.listDel(pfn, head)
                zone.layout.clearPCP(pfn)
                count.pointee -= 1 << order
                return pfn
            }
        } else if let pfn = zone.allocateBlock(order: order) {
            return pfn
        }
        guard count.pointee > 0 else { return nil }
        drain(pages: Int.max)
        return zone.allocateBlock(order: order)
    }

    /// `free_pages` for one block.
    @inline(__always)
    public func free(_ pfn: Int, order: Int) {
        guard order < Self.lists else { return zone.freeBlock(pfn, order: order) }
        zone.layout.setPCP(pfn, order: order)
        zone.layout.listAdd(pfn, list(order))
        count.pointee += 1 << order
        if count.pointee >= Self.high { drain(pages: Self.batch, from: order) }
    }

    /// `rmqueue_bulk`: move up to `batch` pages of `order` from the buddy lists; returns the
    /// first block, or nil if the buddy allocator has none.
    func refill(order: Int) -> Int? {
        let head = list(order)
        for _ in 0..<max(Self.batch >> order, 1) {
            guard let pfn = zone.allocateBlock(order: order) else { break }
            zone.layout.setPCP(pfn, order: order)
            zone.layout.listAdd(pfn, head)
            count.pointee += 1 << order
        }
        return zone.layout.listFirst(head)
    }

    /// `free_pcppages_bulk`: return at least `pages` pages to the buddy allocator, visiting the
    /// lists round-robin from `order`.
    func drain(pages: Int, from order: Int = 0) {
        var left = pages, index = order, emptyLists = 0
        while left > 0 && emptyLists < Self.lists {
            let head = list(index)
            if let pfn = zone.layout.listFirst(head) {
                zone.layout.listDel(pfn, head)
                zone.layout.clearPCP(pfn)
                count.pointee -= 1 << index
                left -= 1 << index
                zone.freeBlock(pfn, order: index)
                emptyLists = 0
            } else {
                emptyLists += 1
            }
            index = (index + 1) % Self.lists
        }
    }

    /// Calls `body` with every cached block (pfn, order).
    public func forEachBlock(_ body: (Int, Int) -> Void) {
        for order in 0..<Self.lists {
            var next = zone.layout.listFirst(list(order))
            while let pfn = next {
                body(pfn, order)
                next = zone.layout.listNext(pfn, list(order))
            }
        }
    }
}
