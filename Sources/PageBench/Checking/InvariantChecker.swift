/// The machine's invariants, checked from scratch by walking every free list and every pfn.
/// Usable from tests and from the harness's verify mode; slow (it allocates its own
/// bookkeeping on the heap) and never timed.
///
/// - every page belongs to exactly one free block (buddy or per-CPU list) or one allocation,
///   or is reserved (no allocator's, no memdesc);
/// - free blocks are aligned to their order, carry the buddy state, and are fully merged
///   (no two free buddies of the same order); the counters match the lists;
/// - every page of every allocation resolves to that allocation's memdesc, with its type and
///   order; its owner (the slab, for a folio handed out from one) covers 2^order pages;
/// - live descriptors in the descriptor caches match the memdescs found, and every
///   descriptor is an object of the cache its type and order need (a folio's: the small or
///   the large folio cache);
/// - `expected`, when given, is exactly the set of page allocations (folio, ptdesc, netmem).
extension Machine {
    public func checkInvariants(expected: Set<Memdesc>? = nil) -> [String] {
        var problems: [String] = []
        func fail(_ message: String) { if problems.count < 20 { problems.append(message) } }
        let n = pageCount
        var seen = [UInt8](repeating: 0, count: n)

        func markFree(_ pfn: Int, _ order: Int, _ kind: String, buddy: Bool) -> Bool {
            guard pfn >= 0, pfn + (1 << order) <= n else { fail("\(kind) block \(pfn) order \(order) is outside the machine"); return false }
            if pfn & ((1 << order) - 1) != 0 { fail("\(kind) block \(pfn) is not aligned to order \(order)") }
            if layout.isBuddy(pfn, order: order) != buddy { fail("\(kind) block \(pfn) order \(order) has the wrong buddy state") }
            for p in pfn..<pfn + (1 << order) {
                if seen[p] != 0 { fail("pfn \(p) is in two free blocks"); return false }
                seen[p] = 1
            }
            return true
        }

        // Free lists of the buddy allocator.
        var buddyPages = 0, blocks = 0
        var perOrder = [Int](repeating: 0, count: PageGeometry.orderCount)
        zone.forEachFreeBlock { pfn, order in
            blocks += 1
            guard blocks <= n, markFree(pfn, order, "buddy", buddy: true) else { return }
            buddyPages += 1 << order
            perOrder[order] += 1
            let buddy = pfn ^ (1 << order)
            if order < PageGeometry.maxOrder && buddy < n && layout.isBuddy(buddy, order: order) {
                fail("free buddies \(min(pfn, buddy)) and \(max(pfn, buddy)) of order \(order) are not merged")
            }
        }
        if buddyPages != zone.freePages { fail("NR_FREE_PAGES is \(zone.freePages), the lists hold \(buddyPages)") }
        if perOrder != zone.buddyinfo { fail("nr_free \(zone.buddyinfo) does not match the lists \(perOrder)") }

        // Per-CPU lists.
        var pcpPages = 0
        pages.forEachBlock { pfn, order in
            guard pcpPages <= n, markFree(pfn, order, "per-CPU", buddy: false) else { return }
            pcpPages += 1 << order
        }
        if pcpPages != pages.pages { fail("pcp->count is \(pages.pages), the lists hold \(pcpPages)") }

        // Pages held free in the descriptor pageblocks.
        var held = 0
        slab.unmovable?.forEachFreePage { pfn in
            held += 1
            if seen[pfn] != 0 { fail("pfn \(pfn) is held by a descriptor pageblock and on a free list") }
            seen[pfn] = 1
            if layout.memdesc(ofPFN: pfn).type != .none { fail("pfn \(pfn) is held free by a descriptor pageblock but in use") }
        }
        if held != (slab.unmovable?.heldPages ?? 0) { fail("descriptor pageblocks count \(slab.unmovable?.heldPages ?? 0) free pages, hold \(held)") }
        for pfn in 0..<n where seen[pfn] != 0 && isReserved(pfn) { fail("reserved pfn \(pfn) is free") }

        // Every other page belongs to an allocation.
        var owners: [Memdesc: Int] = [:]
        var users: [Memdesc: Int] = [:]
        for pfn in 0..<n where seen[pfn] == 0 {
            let md = layout.memdesc(ofPFN: pfn)
            if isReserved(pfn) {
                if md.type != .none { fail("reserved pfn \(pfn) resolves to a \(md.type)") }
                continue
            }
            guard md.type != .none && md.type != .buddy else {
                fail("pfn \(pfn) is free (\(md.type)) but on no free list"); continue
            }
            users[md, default: 0] += 1
            let owner = layout.owner(ofPFN: pfn)
            owners[owner, default: 0] += 1
            let head = layout.headPFN(of: md), order = layout.order(of: md)
            if head & ((1 << order) - 1) != 0 || pfn < head || pfn >= head + (1 << order) {
                fail("pfn \(pfn) resolves to a \(md.type) at pfn \(head) order \(order) that does not contain it")
            }
            if owner == md && layout.order(ofPFN: pfn) != order {
                fail("pfn \(pfn) has order \(layout.order(ofPFN: pfn)), its \(md.type) has order \(order)")
            }
        }
        for (md, count) in users where md.type != .slab {
            let order = layout.order(of: md)
            if count != 1 << order { fail("\(md.type) at pfn \(layout.headPFN(of: md)) order \(order) covers \(count) pages") }
            if refCount(md) < 1 { fail("\(md.type) at pfn \(layout.headPFN(of: md)) is live with refcount \(refCount(md))") }
        }
        for (owner, count) in owners where count != 1 << layout.order(of: owner) {
            fail("\(owner.type) at pfn \(layout.headPFN(of: owner)) order \(layout.order(of: owner)) owns \(count) pages")
        }

        // Slabs and descriptor caches.
        let slabs = owners.keys.filter { $0.type == .slab }.count
        let cacheSlabs = (0..<CacheIndex.count).reduce(0) { $0 + cache($1).pointee.nrSlabs }
        if slabs != cacheSlabs { fail("\(slabs) slabs in the memmap, the caches count \(cacheSlabs)") }
        if L.separateMemdescs {
            func expect(_ slot: Int, _ found: Int, _ what: String) {
                let live = cache(slot).pointee.liveObjects
                if live != found { fail("\(live) live \(what) descriptors, \(found) in use") }
            }
            var found = [Int](repeating: 0, count: CacheIndex.count)
            for md in users.keys where md.type != .slab {
                let slot = CacheIndex.descriptors(for: md.type, order: layout.order(of: md))
                found[slot] += 1
                let slab = virtToSlab(md.pointer).map { SlabField.slabCache.load($0) }
                if slab != UInt(bitPattern: cache(slot)) {
                    fail("\(md.type) at pfn \(layout.headPFN(of: md)) order \(layout.order(of: md)) has a descriptor outside \(CacheIndex.name(slot))")
                }
            }
            expect(CacheIndex.folioSmall, found[CacheIndex.folioSmall], "small folio")
            expect(CacheIndex.folioLarge, found[CacheIndex.folioLarge], "large folio")
            expect(CacheIndex.ptdescDescriptors, found[CacheIndex.ptdescDescriptors], "ptdesc")
            expect(CacheIndex.netmemDescriptors, found[CacheIndex.netmemDescriptors], "netmem")
            expect(CacheIndex.slabDescriptors, slabs - cache(CacheIndex.slabDescriptors).pointee.nrSlabs, "slab")
        }

        if let expected {
            let found = Set(users.keys.filter { $0.type != .slab })
            for md in expected.subtracting(found) { fail("expected \(md.type) at pfn \(layout.headPFN(of: md)) is not in the memmap") }
            for md in found.subtracting(expected) { fail("unexpected \(md.type) at pfn \(layout.headPFN(of: md))") }
        }
        return problems
    }
}
