@testable import PageBench
import Testing

/// The page allocator's sanity checks (`check_pages_enabled`): off by default as in the
/// kernel; on, they find a page freed or handed out in a bad state and keep it out.
enum BadFree: LayoutTest {
    static func run<L: PageLayout>(_: L.Type) throws {
        let machine = try Machine<L>(pageCount: 1024, hugePageMemmap: false)
        // A folio freed while still mapped: its `_mapcount` (offset 48 of every layout's folio)
        // says one mapping is left.
        let mapped = try #require(machine.folioAlloc(order: 0) as Memdesc?)
        let head = machine.layout.headPFN(of: mapped)
        FolioField.mapcount.store(0, mapped.pointer)
        let free = machine.freePages
        do {
            try machine.checkedFolioPut(pfn: head)
            Issue.record("\(L.name): a folio freed with a mapping left went unnoticed")
        } catch {
            #expect(error == .badPage(BadPage(pfn: head, .nonzeroMapcount)), "\(L.name)")
            #expect(error.description == "bad page: pfn \(head): nonzero mapcount")
        }
        #expect(machine.freePages == free, "\(L.name): the bad page stays out of circulation")
        #expect(machine.layout.globals.pointee.badPages == 1)
        #expect(!machine.layout.globals.pointee.checkPagesEnabled, "checked mode leaves the key as it was")

        // A THP freed with its entire mapping left (`_entire_mapcount`, in the first tail).
        let thp = try #require(machine.folioAlloc(order: 2) as Memdesc?)
        let thpHead = machine.layout.headPFN(of: thp)
        FolioField.entireMapcount.store(0, thp.pointer)
        do {
            try machine.checkedFree(pfn: thpHead, order: 2)
            Issue.record("\(L.name): a THP freed with an entire mapping left went unnoticed")
        } catch {
            guard case .badPage(let bad) = error else { Issue.record("\(error)"); return }
            #expect(bad.reason == .nonzeroEntireMapcount)
            #expect(bad.pfn == thpHead + (L.separateMemdescs ? 0 : 1), "legacy64 reports the first tail")
        }
    }
}

/// With the key on, the hot paths do the same; with it off (the default), nothing is checked.
enum HotPathChecks: LayoutTest {
    static func run<L: PageLayout>(_: L.Type) throws {
        for checking in [false, true] {
            let machine = try Machine<L>(pageCount: 1024, hugePageMemmap: false, checkPages: checking)
            let folio = try #require(machine.folioAlloc(order: 0) as Memdesc?)
            FolioField.mapcount.store(0, folio.pointer)
            let free = machine.freePages
            machine.folioPut(folio)
            let globals = machine.layout.globals.pointee
            #expect(globals.badPages == (checking ? 1 : 0), "\(L.name) checking \(checking)")
            #expect(machine.freePages == free + (checking ? 0 : 1))
        }
    }
}

/// `check_new_pages`: a page of a free block whose descriptor says it is in use (a
/// `_refcount` in legacy64, an owner in a two-word page's word 0, a type in memdesc8's word,
/// a flag in interim32's `flags`) makes the block bad: it is
/// skipped and reported. (A block's head is not used: a two-word page's words are rewritten
/// as it leaves its free list.)
enum BadAllocation: LayoutTest {
    static func run<L: PageLayout>(_: L.Type) throws {
        for checking in [false, true] {
            let machine = try Machine<L>(pageCount: 1024, hugePageMemmap: false, checkPages: checking)
            let first = try #require(machine.folioAlloc(order: 3) as Memdesc?)
            let pfn = machine.layout.headPFN(of: first)
            machine.folioPut(first)
            let page = machine.layout.memmap + (pfn + 1) * L.pageDescriptorSize
            if L.separateMemdescs {
                page.storeBytes(of: page.load(as: UInt64.self) | 1, as: UInt64.self)
            } else {
                FolioField.refcount.store(1, page)
            }
            var handedOut: [Int] = []
            while handedOut.count < 100 && machine.layout.globals.pointee.badPages == 0 && !handedOut.contains(pfn) {
                let folio = try #require(machine.folioAlloc(order: 3) as Memdesc?)
                handedOut.append(machine.layout.headPFN(of: folio))
            }
            let bad = machine.layout.globals.pointee.lastBadPage
            if checking {
                #expect(!handedOut.contains(pfn), "\(L.name): a bad block was handed out")
                // interim32's first word is `flags`: bit 0 is PG_locked.
                let reason: BadPageReason = !L.separateMemdescs ? .nonzeroRefcount
                    : L.self == Interim32.self ? .flagsAtPrep : .wordsNotFree
                #expect(bad == BadPage(pfn: pfn + 1, reason))
            } else {
                #expect(handedOut.contains(pfn), "\(L.name): without the key, nothing is checked")
                #expect(bad == nil)
            }
        }
    }
}

/// Everything the workloads do, with the checks on: no false alarm in any layout.
enum CleanUseHasNoBadPage: LayoutTest {
    static func run<L: PageLayout>(_: L.Type) throws {
        let machine = try Machine<L>(pageCount: 8 * 512, hugePageMemmap: false, checkPages: true)
        var random = TestRandom(seed: 5)
        var live: [Memdesc] = [], objects: [UnsafeMutableRawPointer] = []
        for step in 0..<4000 {
            if random.chance(45), let object = machine.kmalloc([64, 512, 4096][random.below(3)]) {
                objects.append(object)
            } else if random.chance(50), let md = machine.allocate(order: [0, 0, 1, 2, 3, 9][random.below(6)],
                                                                   type: [.folio, .pageTable, .netmem][random.below(3)]) {
                live.append(md)
            }
            if step % 3 == 0, !objects.isEmpty { machine.kfree(objects.remove(at: random.below(objects.count))) }
            if step % 4 == 0, !live.isEmpty {
                let md = live.remove(at: random.below(live.count))
                md.type == .folio ? machine.folioPut(md) : machine.freeLastReference(md)
            }
        }
        for md in live { md.type == .folio ? machine.folioPut(md) : machine.freeLastReference(md) }
        for object in objects { machine.kfree(object) }
        if let folio = machine.folioAlloc(order: 9), machine.split(folio, to: 0) != nil {
            let head = machine.layout.headPFN(of: folio)
            if let collapsed = machine.collapse(head, order: 9) { machine.folioPut(collapsed) }
        }
        if let nested = machine.folioAllocFromSlab() { machine.folioPut(nested) }
        if let huge = machine.hugetlbAlloc() { machine.folioPut(huge) }
        machine.shrink()
        let globals = machine.layout.globals.pointee
        #expect(globals.badPages == 0, "\(L.name): \(globals.lastBadPage.map(String.init(describing:)) ?? "")")
        expectSound(machine, expected: [])
    }
}

@Suite("Page checks")
struct PageCheckTests {
    @Test(arguments: LayoutID.allCases)
    func aFreedPageInABadStateIsReported(_ id: LayoutID) throws { try run(BadFree.self, on: id) }

    @Test(arguments: LayoutID.allCases)
    func theKeyGatesTheHotPaths(_ id: LayoutID) throws { try run(HotPathChecks.self, on: id) }

    @Test(arguments: LayoutID.allCases)
    func allocationSkipsABadPage(_ id: LayoutID) throws { try run(BadAllocation.self, on: id) }

    @Test(arguments: LayoutID.allCases)
    func cleanUseFindsNoBadPage(_ id: LayoutID) throws { try run(CleanUseHasNoBadPage.self, on: id) }

    /// legacy64's tail checks (`free_tail_page_prepare`): TAIL_MAPPING from page[4] on, and
    /// every tail's `compound_head` naming the head.
    @Test func legacy64TailChecks() throws {
        let machine = try Machine<Legacy64>(pageCount: 1024, hugePageMemmap: false)
        let folio = try #require(machine.folioAlloc(order: 3) as Memdesc?)
        let head = machine.layout.headPFN(of: folio)
        FolioField.refcount.store(0, folio.pointer)  // the last put
        #expect(machine.layout.checkFreePages(head, order: 3) == nil)
        // page[3] holds HugeTLB fields in v6.15, so its mapping is not checked.
        (folio.pointer + 3 * 64).storeBytes(of: 0, toByteOffset: 24, as: UInt.self)
        #expect(machine.layout.checkFreePages(head, order: 3) == nil)
        (folio.pointer + 5 * 64).storeBytes(of: 0, toByteOffset: 24, as: UInt.self)
        #expect(machine.layout.checkFreePages(head, order: 3) == BadPage(pfn: head + 5, .corruptedTailMapping))
        (folio.pointer + 5 * 64).storeBytes(of: Legacy64.Page.tailMapping, toByteOffset: 24, as: UInt.self)
        (folio.pointer + 6 * 64).storeBytes(of: UInt(bitPattern: folio.pointer) | 1 + 64, toByteOffset: 8, as: UInt.self)
        #expect(machine.layout.checkFreePages(head, order: 3) == BadPage(pfn: head + 6, .headNotConsistent))
    }
}
