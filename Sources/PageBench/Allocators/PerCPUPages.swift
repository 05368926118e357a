import Atomics

/// The per-CPU page lists (`struct per_cpu_pages`, mm/page_alloc.c, v6.15): blocks freed here
/// are cached instead of merged, and allocations take them back first. This is what makes
/// `alloc_page` + `__free_page` cheap in the kernel, so the harness models it.
///
/// One CPU and one migratetype are modelled, so there is one list per order that
/// `pcp_allowed_order` admits: orders 0 to `PAGE_ALLOC_COSTLY_ORDER`, and the THP order
/// (`HPAGE_PMD_ORDER`, `pageblock_order` on x86-64). Each list has a hot end, its head, where
/// frees add (`free_frozen_page_commit`) and allocations take (`__rmqueue_pcplist`), and a
/// cold end, its tail, where refills add (`rmqueue_bulk`) and drains take
/// (`free_pcppages_bulk`). `batch` and `high` are the kernel's for a zone of the machine's
/// size on 2 CPUs (`PCPSizing`); refills scale with `alloc_factor` and drains with
/// `free_count` (`nr_pcp_alloc`, `nr_pcp_free`). Every operation holds the pcp lock, taken
/// with a compare-and-swap and released with a store, as `pcp_spin_trylock` and
/// `pcp_spin_unlock` cost uncontended; when it is taken, the operation goes to the buddy
/// allocator, as the kernel's does.
///
/// Not modelled: `pcp->high`'s tuning between `high_min` and `high_max` (`nr_pcp_high`
/// raising it, `decay_pcp_high` lowering it back every vmstat interval), so `high` stays at
/// `high_min`; `ZONE_BELOW_HIGH` and `ZONE_RECLAIM_ACTIVE` (no watermarks here). The lists
/// are drained completely before an allocation fails (`drain_all_pages`).
public struct PerCPUPages<L: PageLayout> {
    /// `NR_PCP_LISTS` with one migratetype: the orders up to the costly one, then THP.
    public static var lists: Int { PageGeometry.costlyOrder + 2 }
    /// `CONFIG_PCP_BATCH_SCALE_MAX` (default 5): `alloc_factor`'s ceiling, `free_count`'s
    /// is `batch` shifted by it.
    static var batchScaleMax: Int { 5 }

    let zone: Zone<L>
    let heads: UnsafeMutableRawPointer
    let state: UnsafeMutablePointer<PCPState>
    /// `pcp->lock`.
    let lock: SpinLock

    init(zone: Zone<L>, control: inout ControlBlock) {
        self.zone = zone
        heads = control.carveBytes(zone.headStride * Self.lists)
        state = control.carve(PCPState.self)
        state.initialize(to: PCPState(PCPSizing(managedPages: zone.layout.pageCount)))
        lock = SpinLock(at: control.carve(SpinLock.Storage.self))
        for index in 0..<Self.lists { zone.layout.listInit(list(index)) }
    }

    /// `pcp_allowed_order`.
    @inline(__always)
    public static func allowed(order: Int) -> Bool { order <= PageGeometry.costlyOrder || order == PageGeometry.thpOrder }

    /// `order_to_pindex`, one migratetype.
    @inline(__always)
    static func index(order: Int) -> Int { min(order, PageGeometry.costlyOrder + 1) }

    /// `pindex_to_order`.
    @inline(__always)
    static func order(index: Int) -> Int { index <= PageGeometry.costlyOrder ? index : PageGeometry.thpOrder }

    @inline(__always)
    func list(_ index: Int) -> UnsafeMutableRawPointer { heads + index * zone.headStride }

    /// Pages cached on the lists (`pcp->count`).
    public var pages: Int { state.pointee.count }
    /// `pcp->high`.
    public var high: Int { state.pointee.high }
    /// `pcp->batch`.
    public var batch: Int { state.pointee.batch }

    /// `rmqueue` for one block: the per-CPU list for the orders it caches, the buddy lists
    /// otherwise (or when the list has none); drains the lists and retries before failing.
    @inline(__always)
    public func allocate(order: Int) -> Int? {
        if Self.allowed(order: order), let pfn = rmqueuePCPList(order: order) { return pfn }
        if let pfn = zone.allocateBlock(order: order) { return pfn }  // rmqueue_buddy
        guard state.pointee.count > 0 else { return nil }
        drain()
        return zone.allocateBlock(order: order)
    }

    /// `free_frozen_pages` for one block: onto its per-CPU list, or straight to the buddy
    /// allocator for an order the lists do not cache (`__free_pages_ok`) or when the lock is
    /// taken (`free_one_page`).
    @inline(__always)
    public func free(_ pfn: Int, order: Int) {
        guard Self.allowed(order: order), lock.tryLock() else { return zone.freeBlock(pfn, order: order) }
        freeCommit(pfn, order: order)
        lock.unlock()
    }

    /// `rmqueue_pcplist` + `__rmqueue_pcplist`: the head of the list, refilled first if empty.
    @inline(__always)
    func rmqueuePCPList(order: Int) -> Int? {
        guard lock.tryLock() else { return nil }
        defer { lock.unlock() }
        // On allocation, halve the pages a following drain frees (`nr_pcp_free`).
        state.pointee.freeCount >>= 1
        let head = list(Self.index(order: order))
        var first = zone.layout.listFirst(head)
        if first == nil {
            state.pointee.count += rmqueueBulk(order: order, count: nrPCPAlloc(order: order), onto: head) << order
            first = zone.layout.listFirst(head)
        }
        guard let pfn = first else { return nil }
        zone.layout.listDel(pfn, head)
        zone.layout.clearPCP(pfn)
        state.pointee.count -= 1 << order
        return pfn
    }

    /// `rmqueue_bulk`: up to `count` blocks of `order` from the buddy lists, each added at the
    /// tail, so the list keeps the order `expand` split them in. Returns how many it got.
    func rmqueueBulk(order: Int, count: Int, onto head: UnsafeMutableRawPointer) -> Int {
        var taken = 0
        while taken < count, let pfn = zone.allocateBlock(order: order) {
            zone.layout.setPCP(pfn, order: order)
            zone.layout.listAddTail(pfn, head)
            taken += 1
        }
        return taken
    }

    /// `nr_pcp_alloc`: blocks to refill. An order-0 refill doubles (`alloc_factor`) with each
    /// refill that follows without a free, up to 32 x `batch`, within what `high` leaves room
    /// for; higher orders take `batch >> order` blocks, at least 2 (2 THPs).
    func nrPCPAlloc(order: Int) -> Int {
        let base = state.pointee.batch, high = state.pointee.high
        guard high >= base else { return 1 }
        var batch = base
        if order == 0 {
            batch = base << state.pointee.allocFactor
            let most = max(high - state.pointee.count - base, base)
            if batch <= most && state.pointee.allocFactor < Self.batchScaleMax { state.pointee.allocFactor += 1 }
            batch = min(batch, most)
        }
        return batch > 1 ? max(batch >> order, 2) : batch
    }

    /// `free_frozen_page_commit`: the block goes to the head of its list; when the lists then
    /// hold `high` pages, `nr_pcp_free` pages go back to the buddy allocator, starting with
    /// this block's list.
    @inline(__always)
    func freeCommit(_ pfn: Int, order: Int) {
        let index = Self.index(order: order), batch = state.pointee.batch
        // On freeing, halve the blocks a following refill takes (`nr_pcp_alloc`).
        state.pointee.allocFactor >>= 1
        zone.layout.setPCP(pfn, order: order)
        zone.layout.listAdd(pfn, list(index))
        state.pointee.count += 1 << order
        // Orders 1-3 freed in a row without allocations are drained harder ("free_high"):
        // they fragment. `PCPF_FREE_HIGH_BATCH` is set, since a CPU's share of this machine's
        // LLC (16 MiB over 2 CPUs, `zone_pcp_update_cacheinfo`) exceeds 3 x batch pages.
        var freeHigh = false
        if order != 0 && order <= PageGeometry.costlyOrder {
            freeHigh = state.pointee.freeCount >= batch && state.pointee.previousFreeHighOrder
                && state.pointee.count >= batch
            state.pointee.previousFreeHighOrder = true
        } else {
            state.pointee.previousFreeHighOrder = false
        }
        if state.pointee.freeCount < batch << Self.batchScaleMax { state.pointee.freeCount += 1 << order }
        // `nr_pcp_high`: 0 when freeing high orders, else `high` (which stays at `high_min`).
        let high = freeHigh ? 0 : state.pointee.high
        if state.pointee.count >= high { freePCPPagesBulk(nrPCPFree(batch: batch, high: high, freeHigh: freeHigh), from: index) }
    }

    /// `nr_pcp_free`: as many as were freed in a row (`free_count`), leaving at least `batch`
    /// pages on the lists; everything up to 32 x `batch` after a run of high-order frees.
    func nrPCPFree(batch: Int, high: Int, freeHigh: Bool) -> Int {
        if freeHigh { return min(state.pointee.count, batch << Self.batchScaleMax) }
        guard high >= batch else { return 1 }
        return min(max(state.pointee.freeCount, batch), high - batch)
    }

    /// `free_pcppages_bulk`: return at least `count` pages to the buddy allocator, each block
    /// from the cold end (the tail) of its list, emptying list after list round-robin from
    /// `index`.
    func freePCPPagesBulk(_ count: Int, from index: Int) {
        var count = min(state.pointee.count, count), index = index - 1
        while count > 0 {
            var head: UnsafeMutableRawPointer
            repeat {
                index = index == Self.lists - 1 ? 0 : index + 1
                head = list(index)
            } while zone.layout.listIsEmpty(head)
            let order = Self.order(index: index)
            while count > 0, let pfn = zone.layout.listLast(head) {
                zone.layout.listDel(pfn, head)
                zone.layout.clearPCP(pfn)
                count -= 1 << order
                state.pointee.count -= 1 << order
                zone.freeBlock(pfn, order: order)
            }
        }
    }

    /// `drain_pages_zone`: everything back to the buddy allocator, 32 x `batch` pages at a time
    /// under the lock (before an allocation fails, and to settle the machine).
    public func drain() {
        while state.pointee.count > 0 {
            lock.lock()
            freePCPPagesBulk(min(state.pointee.count, state.pointee.batch << Self.batchScaleMax), from: 0)
            lock.unlock()
        }
    }

    /// Calls `body` with every cached block (pfn, order), each list from head to tail.
    public func forEachBlock(_ body: (Int, Int) -> Void) {
        for index in 0..<Self.lists {
            var next = zone.layout.listFirst(list(index))
            while let pfn = next {
                body(pfn, Self.order(index: index))
                next = zone.layout.listNext(pfn, list(index))
            }
        }
    }
}

/// The counters of `struct per_cpu_pages`, in the machine's control block.
struct PCPState {
    /// `count`: pages on the lists.
    var count = 0
    /// `high`, fixed at `high_min`.
    var high: Int
    /// `batch`.
    var batch: Int
    /// `alloc_factor`: order-0 refills take `batch << alloc_factor`; each free halves it.
    var allocFactor = 0
    /// `free_count`: pages freed since allocations last halved it; how much a drain frees.
    var freeCount = 0
    /// `PCPF_PREV_FREE_HIGH_ORDER`: the last free was of order 1-3.
    var previousFreeHighOrder = false

    init(_ sizing: PCPSizing) {
        high = sizing.high
        batch = sizing.batch
    }
}
