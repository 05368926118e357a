@testable import PageBench
import Testing

/// `DataResidency`: the data pages a machine's operations touched.
@Suite struct DataResidencyTests {
    /// Pages touched on both sides of a chunk boundary (2^18 pages) and in the ragged last
    /// chunk are each counted once, and nothing else is: by `PAGEMAP_SCAN` and by the
    /// chunked `mincore` fallback alike.
    @Test func residentPagesSpanChunks() throws {
        let machine = try Machine<Legacy64>(pageCount: (2 << 18) + 100, hugePageMemmap: false)
        #expect(machine.memory.residentPages() == 0)
        let chunk = 1 << 18
        for pfn in [3, chunk - 1, chunk, chunk + 5, chunk + 1000, machine.pageCount - 1] {
            machine.memory.address(ofPFN: pfn).storeBytes(of: 1, as: UInt8.self)
        }
        #expect(machine.memory.residentPages() == 6)
        #expect(machine.memory.residentPagesByMincore() == 6)
    }

    /// With `list_head`s in `struct page`, the only data pages legacy64 touches are its kmalloc
    /// slabs: four order-0 slabs of kmalloc-64 (64 objects each) and one order-3 slab of
    /// kmalloc-4096, every page of them written by its freelist.
    @Test func kmallocSlabsAreTheResidentData() throws {
        let machine = try Machine<Legacy64>(pageCount: 4096, hugePageMemmap: false)
        for _ in 0..<200 { #expect(machine.kmalloc(64) != nil) }
        #expect(machine.kmalloc(4096) != nil)
        let residency = machine.dataResidency
        #expect(residency.kmallocSlabPages == 4 + 8)
        #expect(residency.residentPages == 4 + 8)
    }

    /// A separately allocated descriptor lives in a slab page of the simulated memory: it is
    /// resident data, but no kmalloc slab.
    @Test func descriptorSlabsAreResidentButNotKmalloc() throws {
        let machine = try Machine<Memdesc8>(pageCount: 4096, hugePageMemmap: false, hugePageDescriptors: false)
        #expect(machine.allocate(order: 0, type: .folio) != nil)
        let residency = machine.dataResidency
        #expect(residency.kmallocSlabPages == 0)
        #expect(residency.residentPages >= 1)
    }
}
