@testable import PageBench
import Testing

/// `DataResidency`: the data pages a machine's operations touched, read a chunk at a time.
@Suite struct DataResidencyTests {
    /// Pages touched on either side of a chunk boundary (2^18 pages) and in the ragged last
    /// chunk are each counted once, and nothing else is.
    @Test func residentPagesSpanChunks() throws {
        let machine = try Machine<Legacy64>(pageCount: 2 << 18 + 100, hugePageMemmap: false)
        #expect(machine.memory.residentPages() == 0)
        for pfn in [3, 1 << 18, (1 << 18) + 5, machine.pageCount - 1] {
            machine.memory.address(ofPFN: pfn).storeBytes(of: 1, as: UInt8.self)
        }
        #expect(machine.memory.residentPages() == 4)
    }

    /// With `list_head`s in `struct page`, the only data pages legacy64 touches are its kmalloc
    /// slabs: every page they hold is resident, and the counter says how many they hold.
    @Test func kmallocSlabsAreTheResidentData() throws {
        let machine = try Machine<Legacy64>(pageCount: 4096, hugePageMemmap: false)
        for _ in 0..<200 { #expect(machine.kmalloc(64) != nil) }
        _ = machine.kmalloc(4096)
        let residency = machine.dataResidency
        let held = CacheIndex.kmallocCaches.reduce(0) { $0 + machine.cache($1).pointee.nrSlabs << machine.cache($1).pointee.order }
        #expect(held >= 5)
        #expect(residency.kmallocSlabPages == held)
        #expect(residency.residentPages == held)
    }
}
