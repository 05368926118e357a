@testable import PageBench
import Testing

/// Speculative references: `folio_try_get` from any page of a folio, never from a free page,
/// a slab page or a freed folio.
enum SpeculativeReferences: LayoutTest {
    static func run<L: PageLayout>(_: L.Type) throws {
        let machine = try Machine<L>(pageCount: 1024, hugePageMemmap: false)
        let allocated = machine.folioAlloc(order: 3)
        let folio = try #require(allocated)
        let head = machine.layout.headPFN(of: folio)
        for pfn in head..<head + 8 {
            let got = machine.folioTryGet(pfn: pfn)
            #expect(got == folio)
            #expect(machine.refCount(folio) == 2)
            machine.folioPut(folio)
        }
        let object = try #require(machine.kmalloc(512) as UnsafeMutableRawPointer?)
        let onSlab = machine.folioTryGet(pfn: machine.memory.pfn(of: object))
        #expect(onSlab == nil)
        let onFree = machine.folioTryGet(pfn: 1023)
        #expect(onFree == nil)
        machine.folioPut(folio)
        let afterFree = machine.folioTryGet(pfn: head)
        #expect(afterFree == nil)
        machine.kfree(object)
        expectSound(machine, expected: [])
    }
}

/// kmalloc objects of every size resolve to their cache through `virt_to_slab`.
enum KmallocResolvesSlab: LayoutTest {
    static func run<L: PageLayout>(_: L.Type) throws {
        let machine = try Machine<L>(pageCount: 2048, hugePageMemmap: false)
        var objects: [UnsafeMutableRawPointer] = []
        for size in [1, 8, 9, 64, 65, 96, 97, 192, 193, 512, 4096, 8192] {
            for _ in 0..<40 {
                let allocated = machine.kmalloc(size)
                let p = try #require(allocated)
                let slab = try #require(machine.virtToSlab(p) as UnsafeMutableRawPointer?)
                let cache = machine.cache(CacheIndex.kmalloc(size: size))
                #expect(SlabField.slabCache.load(slab) == UInt(bitPattern: cache))
                #expect(cache.pointee.size >= size && (size <= 8 || cache.pointee.size < 2 * size || size <= 96))
                #expect(UInt(bitPattern: p) % UInt(min(cache.pointee.size, 8)) == 0)
                objects.append(p)
            }
        }
        #expect(Set(objects).count == objects.count, "an object was handed out twice")
        expectSound(machine, expected: [])
        for p in objects { machine.kfree(p) }
        machine.shrink()
        #expect(machine.freePages == 2048)
    }
}

/// Seed 004: one page of an order-3 slab handed out as a folio, and given back.
enum NestedFolios: LayoutTest {
    static func run<L: PageLayout>(_: L.Type) throws {
        let machine = try Machine<L>(pageCount: 1024, hugePageMemmap: false)
        var folios: [Memdesc] = []
        for _ in 0..<12 {
            let allocated = machine.folioAllocFromSlab()
            folios.append(try #require(allocated))
        }
        for folio in folios {
            let pfn = machine.layout.headPFN(of: folio)
            #expect(machine.layout.memdesc(ofPFN: pfn) == folio)
            #expect(machine.layout.order(of: folio) == 0)
            let owner = machine.layout.owner(ofPFN: pfn)
            if L.supportsNestedFolios {
                #expect(owner.type == .slab, "the slab still owns the page")
                #expect(machine.layout.order(of: owner) == 3)
                #expect(SlabField.slabCache.load(owner.pointer) == UInt(bitPattern: machine.pageSlab))
            } else {
                #expect(owner == folio)
            }
        }
        expectSound(machine, expected: Set(folios), "nested")
        let pfns = folios.map { machine.layout.headPFN(of: $0) }
        for folio in folios { machine.folioPut(folio) }
        if L.supportsNestedFolios {
            for pfn in pfns { #expect(machine.layout.memdesc(ofPFN: pfn).type == .slab, "the page is the slab's again") }
        }
        expectSound(machine, expected: [], "given back")
    }
}

@Suite("Lookups")
struct LookupTests {
    @Test(arguments: LayoutID.allCases)
    func speculativeReferences(_ id: LayoutID) throws { try run(SpeculativeReferences.self, on: id) }

    @Test(arguments: LayoutID.allCases)
    func kmallocResolvesSlab(_ id: LayoutID) throws { try run(KmallocResolvesSlab.self, on: id) }

    @Test(arguments: LayoutID.allCases)
    func nestedFolios(_ id: LayoutID) throws { try run(NestedFolios.self, on: id) }
}
