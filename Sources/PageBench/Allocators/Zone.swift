/// The buddy allocator of one zone (mm/page_alloc.c), generic over the page layout.
///
/// Split and merge follow the kernel: `__rmqueue_smallest` takes the smallest free block that
/// fits and `expand`s it, putting the upper halves back on the lower free lists;
/// `__free_one_page` merges with the buddy (`pfn ^ (1 << order)`) while it is free and of the
/// same order. Freeing never allocates. The layout decides where the per-page state and the
/// free-list links live; the list heads and counters live in the machine's control block.
public struct Zone<L: PageLayout> {
    public let layout: L
    /// `free_area[order].free_list`: one list head per order.
    let freeArea: UnsafeMutableRawPointer
    /// `free_area[order].nr_free`, then `NR_FREE_PAGES` at index `orderCount`.
    let counters: UnsafeMutablePointer<Int>
    let headStride: Int

    init(layout: L, control: inout ControlBlock) {
        self.layout = layout
        headStride = Self.headStride(pageCount: layout.pageCount)
        freeArea = control.carveBytes(headStride * PageGeometry.orderCount)
        counters = control.carve(Int.self, count: PageGeometry.orderCount + 1)
        counters.initialize(repeating: 0, count: PageGeometry.orderCount + 1)
        for order in 0...PageGeometry.maxOrder { layout.listInit(freeList(order)) }
    }

    /// Bytes from one list head to the next, here and on the per-CPU lists: a cache line
    /// apiece where a head fits one, else whole pages (a bitmap's), so that every head's
    /// header sits at the same place, past the control block's window.
    static func headStride(pageCount: Int) -> Int {
        let bytes = L.listHeadSize(pageCount: pageCount)
        return bytes <= 64 ? 64 : bytes.roundedUp(toMultipleOf: PageGeometry.pageSize)
    }

    @inline(__always)
    func freeList(_ order: Int) -> UnsafeMutableRawPointer { freeArea + order * headStride }

    /// Pages free in the buddy allocator (`NR_FREE_PAGES`).
    public var freePages: Int { counters[PageGeometry.orderCount] }

    /// Free blocks per order, like a line of /proc/buddyinfo.
    public var buddyinfo: [Int] { Array(UnsafeBufferPointer(start: counters, count: PageGeometry.orderCount)) }

    @inline(__always)
    func count(order: Int, _ delta: Int) {
        counters[order] += delta
        counters[PageGeometry.orderCount] += delta << order
    }

    @inline(__always)
    func addFree(_ pfn: Int, order: Int) {
        layout.setBuddy(pfn, order: order)
        layout.listAdd(pfn, freeList(order))
        count(order: order, 1)
    }

    @inline(__always)
    func removeFree(_ pfn: Int, order: Int) {
        layout.listDel(pfn, freeList(order))
        layout.clearBuddy(pfn)
        count(order: order, -1)
    }

    /// `__rmqueue_smallest` + `expand`: a block of 2^order pages, or nil.
    @inline(__always)
    public func allocateBlock(order: Int) -> Int? {
        var current = order
        while current <= PageGeometry.maxOrder {
            if let pfn = layout.listFirst(freeList(current)) {
                removeFree(pfn, order: current)
                while current > order {  // expand
                    current -= 1
                    addFree(pfn + (1 << current), order: current)
                }
                return pfn
            }
            current += 1
        }
        return nil
    }

    /// `__free_one_page`: merge with free buddies of the same order, then list the result.
    @inline(__always)
    public func freeBlock(_ pfn: Int, order: Int) {
        var pfn = pfn, order = order
        while order < PageGeometry.maxOrder {
            let buddy = pfn ^ (1 << order)
            guard buddy < layout.pageCount, layout.isBuddy(buddy, order: order) else { break }
            removeFree(buddy, order: order)
            pfn &= buddy
            order += 1
        }
        addFree(pfn, order: order)
    }

    /// `take_page_off_buddy` (mm/page_alloc.c) for a block: find the free block that holds
    /// the 2^order pages at `pfn`, take it off its list and give back the parts around them
    /// (`break_down_buddy_pages`). False, and nothing changed, when they are not all free here.
    public func takeOffBuddy(_ pfn: Int, order: Int) -> Bool {
        for current in order...PageGeometry.maxOrder {
            let head = pfn & ~((1 << current) - 1)
            guard let found = layout.buddyOrder(head), found >= current else { continue }
            removeFree(head, order: found)
            var start = head, size = found
            while size > order {
                size -= 1
                if pfn >= start + (1 << size) {
                    addFree(start, order: size)
                    start += 1 << size
                } else {
                    addFree(start + (1 << size), order: size)
                }
            }
            return true
        }
        return false
    }

    /// `memblock_free_all`: hand every page to the allocator in the largest aligned blocks.
    func freeAll() {
        var pfn = 0
        while pfn < layout.pageCount {
            var order = PageGeometry.maxOrder
            while pfn & ((1 << order) - 1) != 0 || pfn + (1 << order) > layout.pageCount { order -= 1 }
            freeBlock(pfn, order: order)
            pfn += 1 << order
        }
    }

    /// Calls `body` with every free block (pfn, order), list by list.
    public func forEachFreeBlock(_ body: (Int, Int) -> Void) {
        for order in 0...PageGeometry.maxOrder {
            var next = layout.listFirst(freeList(order))
            while let pfn = next {
                body(pfn, order)
                next = layout.listNext(pfn, freeList(order))
            }
        }
    }
}

