@testable import PageBench
import Testing

/// The per-CPU lists as v6.15 has them: sized like `zone_batchsize`/`zone_highsize`, hot at
/// the head and cold at the tail, with a THP list.
@Suite("Per-CPU lists")
struct PerCPUPagesTests {
    /// `batch` and `high` worked by hand from mm/page_alloc.c for one zone on 2 CPUs: at
    /// 4 GiB, `min_free_kbytes` = sqrt(4 Mi KiB x 16) = 8192, so `WMARK_MIN` = 2048 pages and
    /// `WMARK_LOW` = 2048 + max(512, 1048) = 3096; `high` = 3096 / 2 = 1548.
    @Test func sizingFollowsTheKernel() throws {
        let expected: [(pages: Int, batch: Int, high: Int)] = [
            (1 << 20, 63, 1548),  // 4 GiB
            (1 << 18, 63, 643),   // 1 GiB: min 1024 + max(256, 262)
            (1 << 16, 15, 320),   // 256 MiB: batch 64 / 4 = 16 -> rounddown_pow_of_two(24) - 1
            (8192, 1, 113),       // 32 MiB: min 181 + max(45, 8); batch at least 1
            (1 << 28, 63, 150_601),  // 1 TiB: min 32768 + 268435 (watermark_scale_factor)
        ]
        for (pages, batch, high) in expected {
            let sizing = PCPSizing(managedPages: pages)
            #expect(sizing.batch == batch && sizing.high == high, "\(pages) pages: \(sizing)")
        }
        let machine = try Machine<Legacy64>(pageCount: 8192, hugePageMemmap: false)
        #expect(machine.pages.batch == 1 && machine.pages.high == 113)
    }

    @Test(arguments: LayoutID.allCases)
    func hotAndColdEnds(_ id: LayoutID) throws { try run(HotAndCold.self, on: id) }

    @Test(arguments: LayoutID.allCases)
    func refillAddsAtTheTail(_ id: LayoutID) throws { try run(RefillAtTheTail.self, on: id) }

    @Test(arguments: LayoutID.allCases)
    func thpList(_ id: LayoutID) throws { try run(THPList.self, on: id) }

    @Test(arguments: LayoutID.allCases)
    func takenLockGoesToTheBuddyAllocator(_ id: LayoutID) throws { try run(TakenLock.self, on: id) }

    /// The blocks of one list, head to tail.
    static func list<L>(_ machine: borrowing Machine<L>, order: Int) -> [Int] {
        var pfns: [Int] = []
        machine.pages.forEachBlock { pfn, o in if o == order { pfns.append(pfn) } }
        return pfns
    }

    /// Free pages 0..<high in order: on the last, `count` reaches `high` and `nr_pcp_free` =
    /// clamp(free_count = high, batch, high - batch) pages go back, from the tail: those freed
    /// earliest. The `batch` freed last stay, newest at the head, and the next allocation
    /// takes the newest. (A bitmap store has no order: it drains its highest pfns and hands
    /// out its lowest.)
    enum HotAndCold: LayoutTest {
        static func run<L: PageLayout>(_: L.Type) throws {
            let machine = try Machine<L>(pageCount: 1 << 16, hugePageMemmap: false)
            let pages = machine.pages, high = pages.high, batch = pages.batch
            #expect(high == 320 && batch == 15)
            var pfns: [Int] = []
            for _ in 0..<high { pfns.append(try #require(pages.allocate(order: 0))) }
            pages.drain()
            let buddyFree = machine.zone.freePages
            for pfn in pfns { pages.free(pfn, order: 0) }

            let kept = list(machine, order: 0)
            #expect(pages.pages == batch && kept.count == batch)
            #expect(machine.zone.freePages == buddyFree + high - batch)
            if L.listsKeepOrder {
                #expect(kept == Array(pfns.suffix(batch).reversed()), "\(L.name): the newest, newest first")
                let hot = pages.allocate(order: 0)
                #expect(hot == pfns.last)
            } else {
                let sorted = pfns.sorted()
                #expect(kept == Array(sorted.prefix(batch)), "\(L.name): the lowest pfns")
                let lowest = pages.allocate(order: 0)
                #expect(lowest == sorted.first)
            }
        }
    }

    /// `rmqueue_bulk` adds each block at the tail: the list keeps the order the buddy
    /// allocator handed the blocks out in, and the allocation takes the first of them. A
    /// twin machine's buddy allocator shows that order.
    enum RefillAtTheTail: LayoutTest {
        static func run<L: PageLayout>(_: L.Type) throws {
            let machine = try Machine<L>(pageCount: 1 << 16, hugePageMemmap: false)
            let twin = try Machine<L>(pageCount: 1 << 16, hugePageMemmap: false)
            let allocated = machine.pages.allocate(order: 0)
            let pfn = try #require(allocated)
            let refilled = list(machine, order: 0)
            // The first order-0 refill takes `batch` blocks (alloc_factor 0).
            #expect(refilled.count == machine.pages.batch - 1)
            var handedOut: [Int] = []
            let buddy = twin.zone
            for _ in 0..<machine.pages.batch { handedOut.append(try #require(buddy.allocateBlock(order: 0))) }
            #expect(pfn == handedOut.first)
            let expected = L.listsKeepOrder ? Array(handedOut.dropFirst()) : Array(handedOut.dropFirst()).sorted()
            #expect(refilled == expected, "\(L.name)")
        }
    }

    /// A THP freed goes to the THP list, not the buddy allocator, and the next THP
    /// allocation takes it back. A refill takes 2 THPs (`batch >> 9`, at least 2); freeing
    /// one more puts 1024 pages on the lists, over `high`, and the drain takes the cold one.
    enum THPList: LayoutTest {
        static func run<L: PageLayout>(_: L.Type) throws {
            let machine = try Machine<L>(pageCount: 1 << 16, hugePageMemmap: false)
            let pages = machine.pages, thp = PageGeometry.thpOrder
            let pfn = try #require(pages.allocate(order: thp))
            #expect(list(machine, order: thp).count == 1 && pages.pages == 512)
            let buddyFree = machine.zone.freePages
            pages.free(pfn, order: thp)
            #expect(list(machine, order: thp) == [pfn])
            #expect(pages.pages == 512)
            #expect(machine.zone.freePages == buddyFree + 512, "the cold THP went back, not the one freed")
            let taken = pages.allocate(order: thp)
            let again = try #require(taken)
            #expect(again == pfn)

            // Through the folio API: `folio_put` of a THP puts it at the head of the list.
            let allocated = machine.folioAlloc(order: thp)
            let folio = try #require(allocated)
            let head = machine.layout.headPFN(of: folio)
            machine.free(folio)
            #expect(list(machine, order: thp) == [head])
            let reallocated = machine.folioAlloc(order: thp)
            let next = try #require(reallocated)
            #expect(machine.layout.headPFN(of: next) == head)
            machine.free(next)
            pages.free(again, order: thp)
            expectSound(machine, expected: [], "THPs back on the per-CPU list")
        }
    }

    /// With `pcp->lock` taken (by a drain on another CPU, or an interrupted holder), the
    /// trylock fails and the block goes to and comes from the buddy allocator.
    enum TakenLock: LayoutTest {
        static func run<L: PageLayout>(_: L.Type) throws {
            let machine = try Machine<L>(pageCount: 1 << 16, hugePageMemmap: false)
            let pages = machine.pages
            let pfn = try #require(pages.allocate(order: 0))
            let cached = pages.pages, buddyFree = machine.zone.freePages
            pages.lock.lock()
            pages.free(pfn, order: 0)
            #expect(pages.pages == cached && machine.zone.freePages == buddyFree + 1)
            let again = try #require(pages.allocate(order: 0))
            #expect(pages.pages == cached && machine.zone.freePages == buddyFree)
            pages.lock.unlock()
            pages.free(again, order: 0)
            #expect(pages.pages == cached + 1)
            expectSound(machine, expected: nil, "after the lock")
        }
    }
}
