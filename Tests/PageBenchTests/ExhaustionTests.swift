@testable import PageBench
import Testing

/// A full machine returns nil and never traps; freeing everything merges back.
enum Exhaustion: LayoutTest {
    static func run<L: PageLayout>(_: L.Type) throws {
        let machine = try Machine<L>(pageCount: 4096, hugePageMemmap: false)
        let initial = machine.zone.buddyinfo

        // Order 10: the small layouts give one page of a 4 MiB block to their descriptor
        // caches, so they fit one folio fewer than legacy64.
        var big: [Memdesc] = []
        while let md = machine.folioAlloc(order: 10) { big.append(md) }
        #expect(big.count == (L.separateMemdescs ? 3 : 4))

        // Then order 0 until nothing is left, of every type.
        var small: [Memdesc] = []
        var type = 0
        while let md = machine.allocate(order: 0, type: MemdescType.allocatable.filter { $0 != .slab }[type % 3]) {
            small.append(md)
            type += 1
        }
        let after = machine.allocate(order: 0, type: .folio)
        #expect(after == nil)
        let kmalloc = machine.kmalloc(4096)
        #expect(kmalloc == nil)
        let free = machine.freePages
        #expect(free == 0)
        expectSound(machine, expected: Set(big + small), "full")

        // The metadata bill when full: legacy64 pays its memmap only; the small layouts
        // pay 16 bytes a page plus a descriptor per allocation.
        let metadata = machine.metadata
        #expect(metadata.memmapBytes == 4096 * L.pageDescriptorSize)
        if L.separateMemdescs {
            #expect(metadata.liveDescriptorBytes >= small.count * 64 + big.count * 112)
            #expect(metadata.descriptorBytes >= metadata.liveDescriptorBytes)
        } else {
            #expect(metadata.descriptorBytes == 0)
        }

        for md in small + big { machine.free(md) }
        machine.shrink()
        let final = machine.zone.buddyinfo
        #expect(final == initial)
        expectSound(machine, expected: [], "emptied")
    }
}

/// Splitting needs descriptors in the memdesc layouts, and fails cleanly without them.
enum SplitWithoutDescriptors: LayoutTest {
    static func run<L: PageLayout>(_: L.Type) throws {
        let machine = try Machine<L>(pageCount: 2048, hugePageMemmap: false)
        let allocated = machine.folioAlloc(order: 9)
        let thp = try #require(allocated)
        var filler: [Memdesc] = []
        while let md = machine.folioAlloc(order: 0) { filler.append(md) }
        expectSound(machine, expected: Set(filler + [thp]), "full")

        let split = machine.split(thp, to: 0)
        if L.separateMemdescs {
            #expect(split == nil, "no memory for 511 folio descriptors: the split must fail")
            expectSound(machine, expected: Set(filler + [thp]), "after the failed split")
            let order = machine.layout.order(of: thp)
            #expect(order == 9)
        } else {
            #expect(split == 512, "legacy64 rewrites tail pages and needs no memory")
        }

        // With memory back, the split succeeds everywhere: 512 order-0 folios.
        for md in filler { machine.free(md) }
        let count = machine.split(thp, to: 0)
        #expect(count == 512 || (!L.separateMemdescs && count == 1))
        let head = machine.layout.headPFN(of: thp)
        var pieces: Set<Memdesc> = []
        for pfn in head..<head + 512 {
            let md = machine.layout.memdesc(ofPFN: pfn)
            #expect(md.type == .folio && machine.layout.order(of: md) == 0 && machine.layout.headPFN(of: md) == pfn)
            pieces.insert(md)
        }
        #expect(pieces.count == 512)
        expectSound(machine, expected: pieces, "split")
        for md in pieces { machine.folioPut(md) }
        expectSound(machine, expected: [], "pieces freed")
    }
}

@Suite("Exhaustion")
struct ExhaustionTests {
    @Test(arguments: LayoutID.allCases)
    func fullMachine(_ id: LayoutID) throws { try run(Exhaustion.self, on: id) }

    @Test(arguments: LayoutID.allCases)
    func splitWithoutDescriptors(_ id: LayoutID) throws { try run(SplitWithoutDescriptors.self, on: id) }
}
