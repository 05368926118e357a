@testable import PageBench
import Testing

/// The descriptor caches' pageblocks: descriptors land in them, everything is accounted
/// for, and freeing everything gives them back.
@Suite("Descriptor pageblocks")
struct UnmovableBlocksTests {
    @Test func descriptorsLiveInClaimedPageblocks() throws {
        let machine = try Machine<CHead16>(pageCount: 16384, hugePageMemmap: false, hugePageDescriptors: true)
        let blocks = machine.slab.unmovable
        let unmovable = try #require(blocks)
        var folios: [Memdesc] = []
        for i in 0..<3000 { if let f = machine.folioAlloc(order: i % 7 == 0 ? 2 : 0) { folios.append(f) } }
        let newTable = machine.ptAlloc()
        let pt = try #require(newTable)
        #expect(unmovable.claimedBlocks >= 1)
        // Whether the kernel backs them with huge pages is its choice; the share is recorded.
        let share = machine.descriptorHugeShare
        #expect(share.map { (0...1).contains($0) } ?? false, "\(String(describing: share))")
        for md in folios + [pt] {
            let pfn = machine.memory.pfn(of: md.pointer)
            #expect(unmovable.holds(pfn), "descriptor of pfn \(machine.layout.headPFN(of: md)) at pfn \(pfn)")
            #expect(!unmovable.holds(machine.layout.headPFN(of: md)), "a folio's own pages in a descriptor pageblock")
        }
        var problems = machine.checkInvariants()
        #expect(problems.isEmpty, "\(problems)")
        for f in folios { machine.free(f) }
        machine.free(pt)
        machine.shrink()
        problems = machine.checkInvariants()
        #expect(problems.isEmpty, "\(problems)")
        let free = machine.freePages, maxBlocks = machine.zone.buddyinfo[PageGeometry.maxOrder]
        #expect(unmovable.claimedBlocks == 0)
        #expect(free == machine.pageCount)
        #expect(maxBlocks == machine.pageCount >> PageGeometry.maxOrder)
    }

    /// A store that keeps free-list links in free memory touches the pageblocks before
    /// they are claimed; a claimed pageblock must still get its huge page whenever the
    /// kernel gives one to the same set-up without that store (before the fix: never).
    @Test func freeMemoryLinksDoNotCostThePageblocksTheirHugePages() throws {
        func share<L: PageLayout>(_: L.Type) throws -> Double? {
            let machine = try Machine<L>(pageCount: 16384, hugePageMemmap: false, hugePageDescriptors: true)
            var folios: [Memdesc] = []
            for _ in 0..<3000 { if let f = machine.folioAlloc(order: 0) { folios.append(f) } }
            let result = machine.descriptorHugeShare
            for f in folios { machine.free(f) }
            return result
        }
        let plain = try share(CHead16.self)
        let links = try share(CHead16FreeMemory.self)
        if let plain, plain > 0 { #expect((links ?? 0) > 0, "chead16 \(plain), chead16-freemem \(String(describing: links))") }
    }

    /// Off, the descriptors come from the per-CPU lists, among the folios, as before.
    @Test func offMeansNoPageblocks() throws {
        let machine = try Machine<CHead16>(pageCount: 4096, hugePageMemmap: false, hugePageDescriptors: false)
        let blocks = machine.slab.unmovable, folio = machine.folioAlloc(order: 0)
        #expect(blocks.map { _ in false } ?? true, "no descriptor pageblocks")
        #expect(folio != nil)
        #expect(machine.descriptorHugeShare == nil)
    }

    /// legacy64 has no separate descriptors, so no pageblocks either.
    @Test func legacy64HasNone() throws {
        let machine = try Machine<Legacy64>(pageCount: 4096, hugePageMemmap: false, hugePageDescriptors: true)
        let blocks = machine.slab.unmovable
        #expect(blocks.map { _ in false } ?? true, "no descriptor pageblocks")
    }
}
