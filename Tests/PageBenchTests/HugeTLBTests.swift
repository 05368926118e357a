#if canImport(Glibc)
import Glibc
#endif
@testable import PageBench
import Testing

/// HugeTLB folios in every layout: each page resolves to its folio, the pool gives its pages
/// back merged, and the metadata counts what HVO frees.
enum HugeTLBPool: LayoutTest {
    static func run<L: PageLayout>(_: L.Type) throws {
        let machine = try Machine<L>(pageCount: 16 * 512, hugePageMemmap: false)
        let initial = machine.zone.buddyinfo
        let before = machine.metadata.memmapBytes
        var folios: [Memdesc] = []
        while let folio = machine.hugetlbAlloc() { folios.append(folio) }
        #expect(folios.count >= 14, "\(L.name): the per-CPU lists hold back at most one block")
        for folio in folios {
            let hugetlb = machine.isHugeTLB(folio), optimized = machine.isVmemmapOptimized(folio)
            #expect(hugetlb)
            #expect(optimized == L.hugeTLBVmemmapOptimization)
            let head = machine.layout.headPFN(of: folio)
            for pfn in head..<head + 512 {
                let layout = machine.layout
                #expect(layout.memdesc(ofPFN: pfn) == folio, "\(L.name) pfn \(pfn)")
                #expect(layout.order(ofPFN: pfn) == 9)
            }
            let got = machine.folioTryGet(pfn: head + 64)
            #expect(got == folio)
            if let got { machine.folioPut(got) }
            let split = machine.split(folio, to: 0)
            #expect(split == nil, "HugeTLB folios are never split")
        }
        expectSound(machine, expected: Set(folios), "HugeTLB pool full")
        let saved = L.hugeTLBVmemmapOptimization ? folios.count * 7 * 4096 : 0
        let full = machine.metadata.memmapBytes, pool = machine.hugetlb.pointee
        #expect(full == before - saved)
        #expect(pool.folios == folios.count)
        #expect(pool.synchronizeRCU == (L.hugeTLBVmemmapOptimization ? folios.count : 0), "one grace period per optimisation")
        #expect(machine.layout.globals.pointee.hugetlbOptimizeVmemmap == pool.optimized, "the key counts optimised folios")

        for folio in folios { machine.folioPut(folio) }
        expectSound(machine, expected: [], "HugeTLB pool empty")
        machine.shrink()
        let final = machine.zone.buddyinfo, empty = machine.metadata.memmapBytes, state = machine.hugetlb.pointee
        #expect(final == initial)
        #expect(empty == before)
        #expect(state.folios == 0 && state.optimized == 0)
        #expect(state.synchronizeRCU == (L.hugeTLBVmemmapOptimization ? 2 * folios.count : 0), "and one per restore")
        #expect(machine.layout.globals.pointee.hugetlbOptimizeVmemmap == 0)
    }
}

@Suite("HugeTLB and HVO")
struct HugeTLBTests {
    @Test("a HugeTLB pool fills and empties the machine", arguments: LayoutID.allCases)
    func pool(_ id: LayoutID) throws { try run(HugeTLBPool.self, on: id) }

    /// The remapping is real: memmap pages 1-7 read the bytes of page 0, their memory is
    /// freed, and the fake heads resolve to the real head.
    @Test func hvoSharesTheTailDescriptors() throws {
        let machine = try Machine<Legacy64HVO>(pageCount: 4 * 512, hugePageMemmap: false)
        let plain = try Machine<Legacy64>(pageCount: 4 * 512, hugePageMemmap: false)
        // The memmap is backed as it is touched: one optimise and restore touches every page
        // of the folio's memmap, so the next optimise frees exactly seven.
        let warmUp = machine.hugetlbAlloc()
        if let warmUp { machine.folioPut(warmUp) }
        let plainFolio = plain.hugetlbAlloc(), backedBefore = machine.memmapMapping.backedBytes
        let unoptimized = try #require(plainFolio)
        let backed = try #require(backedBefore)
        let optimizedFolio = machine.hugetlbAlloc()
        let folio = try #require(optimizedFolio)
        let head = folio.pointer, backedAfter = machine.memmapMapping.backedBytes
        #expect(backedAfter == backed - 7 * 4096, "7 memmap pages freed")
        #expect(Int(bitPattern: head) & 4095 == 0, "a 2 MiB folio's head starts a memmap page")
        for page in 1..<8 {
            let alias = head + page * 4096
            #expect(memcmp(alias, head, 4096) == 0, "memmap page \(page) reads page 0")
            #expect(alias.load(as: UInt64.self) & (1 << 6) != 0, "fake head: PG_head")
            let layout = machine.layout, plainLayout = plain.layout
            let pfn = layout.headPFN(of: folio) + page * 64
            #expect(layout.memdesc(ofPFN: pfn) == folio)
            #expect(layout.pageFolio(pfn) == UnsafeRawPointer(head))
            #expect(plainLayout.memdesc(ofPFN: plainLayout.headPFN(of: unoptimized) + page * 64) == unoptimized)
        }
        // Restoring gives the pages back as plain tails (reset_struct_pages), then frees.
        machine.folioPut(folio)
        expectSound(machine, expected: [], "after the restore")
        let backedRestored = machine.memmapMapping.backedBytes
        #expect(backedRestored == backed)
        let reused = machine.folioAlloc(order: 9), layout = machine.layout
        let again = try #require(reused)
        #expect(layout.headPFN(of: again) == layout.headPFN(of: folio), "the same pages again")
        for pfn in layout.headPFN(of: again)..<layout.headPFN(of: again) + 512 {
            #expect(layout.memdesc(ofPFN: pfn) == again)
        }
        let tail64 = again.pointer + 4096
        #expect(tail64.load(as: UInt64.self) & (1 << 6) == 0, "no PG_head left in a restored tail")
        #expect(tail64.load(fromByteOffset: 8, as: UInt.self) == UInt(bitPattern: again.pointer) | 1)
        machine.folioPut(again)
        plain.folioPut(unoptimized)
    }

    /// `hugetlb_optimize_vmemmap_key` gates the fake-head check: a page-aligned struct page
    /// with PG_head whose next struct page is a tail of another head resolves to itself
    /// while no folio is optimised, to that head while one is, and to itself again after.
    @Test func theStaticKeyGatesTheFakeHeadCheck() throws {
        let machine = try Machine<Legacy64HVO>(pageCount: 8 * 512, hugePageMemmap: false)
        let layout = machine.layout
        // An order-6 folio: its head starts a memmap page and has PG_head. Its first tail is
        // made to point elsewhere, as a fake head's next struct page does.
        let folio = try #require(machine.folioAlloc(order: 6) as Memdesc?)
        let pfn = layout.headPFN(of: folio), elsewhere = layout.page(pfn + 5)
        try #require(Int(bitPattern: folio.pointer) & 4095 == 0)
        let tail = Legacy64.Page.compoundHead.load(folio.pointer + 64)
        Legacy64.Page.compoundHead.store(UInt(bitPattern: elsewhere) | 1, folio.pointer + 64)
        #expect(layout.pageFolio(pfn) == UnsafeRawPointer(folio.pointer), "key off: no fake-head check")

        let huge = try #require(machine.hugetlbAlloc() as Memdesc?)
        try #require(machine.isVmemmapOptimized(huge) as Bool)
        #expect(layout.pageFolio(pfn) == UnsafeRawPointer(elsewhere), "key on: page_fixed_fake_head")

        machine.folioPut(huge)
        #expect(layout.pageFolio(pfn) == UnsafeRawPointer(folio.pointer), "key off again after the restore")
        Legacy64.Page.compoundHead.store(tail, folio.pointer + 64)
        machine.folioPut(folio)
        expectSound(machine, expected: [])
    }

    /// `page_count_writable`: `folio_try_get` on a fake head (its `_refcount` is read-only
    /// memmap, page 0's bytes) fails instead of writing; on the real head it succeeds.
    @Test func folioTryGetRefusesAFakeHead() throws {
        let machine = try Machine<Legacy64HVO>(pageCount: 4 * 512, hugePageMemmap: false)
        let folio = try #require(machine.hugetlbAlloc() as Memdesc?)
        try #require(machine.isVmemmapOptimized(folio) as Bool)
        let fake = Memdesc(machine.layout.page(machine.layout.headPFN(of: folio) + 64), .folio)
        #expect(machine.refCount(fake) == 1, "the fake head reads the head's count")
        #expect(!machine.layout.pageCountWritable(fake))
        let gotFake = machine.folioTryGet(fake)
        #expect(!gotFake)
        #expect(machine.refCount(folio) == 1)
        let gotHead = machine.folioTryGet(folio)
        #expect(gotHead)
        #expect(machine.refCount(folio) == 2)
        machine.folioPut(folio)
        machine.folioPut(folio)
        expectSound(machine, expected: [])
    }

    /// `init_new_hugetlb_folio` writes the HugeTLB fields in page[3] (v6.15's 256-byte folio),
    /// so page[3] has no TAIL_MAPPING; a THP's page[3] keeps it.
    @Test func hugetlbFieldsLiveInTheFourthPage() throws {
        let machine = try Machine<Legacy64>(pageCount: 4 * 512, hugePageMemmap: false)
        let huge = try #require(machine.hugetlbAlloc() as Memdesc?).pointer
        let thp = try #require(machine.folioAlloc(order: 9) as Memdesc?).pointer
        for field in [Legacy64.Page.hugetlbSubpool, Legacy64.Page.hugetlbCgroup, Legacy64.Page.hugetlbCgroupRsvd] {
            #expect(field.load(huge) == 0, "\(field.name)")
        }
        #expect((thp + 3 * 64).load(fromByteOffset: 24, as: UInt.self) == Legacy64.Page.tailMapping)
        #expect(Legacy64.structs.first { $0.name == "struct folio" }?.size == 256)
    }

    /// Restoring copies page 0 of the folio's memmap into pages 1-7 and resets their first
    /// `NR_RESET_STRUCT_PAGE` (4) struct pages to plain tails: with 3, the copy of page[3]
    /// (HugeTLB fields where a tail has TAIL_MAPPING) would survive, and the free checks
    /// would report "corrupted mapping in tail page".
    @Test func restoredTailsPassTheFreeChecks() throws {
        let machine = try Machine<Legacy64HVO>(pageCount: 4 * 512, hugePageMemmap: false, checkPages: true)
        let folio = try #require(machine.hugetlbAlloc() as Memdesc?)
        try #require(machine.isVmemmapOptimized(folio) as Bool)
        let free = machine.freePages
        machine.folioPut(folio)
        let globals = machine.layout.globals.pointee
        #expect(globals.badPages == 0, "\(globals.lastBadPage.map(String.init(describing:)) ?? "")")
        #expect(machine.freePages == free + 512)
    }

    /// Past the budget (the process's mappings), folios stay unoptimised and still work.
    @Test func optimisationPastTheBudgetIsSkipped() throws {
        let machine = try Machine<Legacy64HVO>(pageCount: 4 * 512, hugePageMemmap: false)
        machine.hugetlb.pointee.budget = 1
        let a = machine.hugetlbAlloc(), b = machine.hugetlbAlloc()
        let first = try #require(a), second = try #require(b)
        let optimized = (machine.isVmemmapOptimized(first), machine.isVmemmapOptimized(second))
        let saved = machine.vmemmapSavedBytes
        #expect(optimized == (true, false))
        #expect(saved == 7 * 4096)
        expectSound(machine, expected: [first, second])
        machine.folioPut(first)
        machine.folioPut(second)
        expectSound(machine, expected: [])
    }
}
