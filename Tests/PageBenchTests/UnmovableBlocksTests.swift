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
