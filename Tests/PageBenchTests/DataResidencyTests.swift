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

/// `backFreeMemory`: what a replay backs before it is timed.
@Suite struct BackedFreeMemoryTests {
    /// Four top-order blocks, one split by an order-0 allocation: its 1,023 free pages in
    /// lower orders and the first of the three whole blocks are backed, the other two not.
    @Test func backsTheHolesAndTheFirstTopOrderBlocks() throws {
        let machine = try Machine<Legacy64>(pageCount: 4 << PageGeometry.maxOrder, hugePageMemmap: false)
        #expect(machine.zone.allocateBlock(order: 0) != nil)
        #expect(machine.memory.residentPages() == 0)
        let top = 1 << PageGeometry.maxOrder
        #expect(machine.backFreeMemory(topOrderBlocks: 1) == top - 1 + top)
        #expect(machine.memory.residentPages() == top - 1 + top)
        // Backing the same blocks again backs nothing new.
        #expect(machine.backFreeMemory(topOrderBlocks: 1) == top - 1 + top)
        #expect(machine.memory.residentPages() == top - 1 + top)
    }

    /// Backing keeps what free memory holds: links kept in free pages still make sound lists.
    @Test(arguments: [LayoutID.chead16FreeMemory, .memdesc8FreeMemory]) func keepsLinksInFreeMemory(_ id: LayoutID) throws {
        struct Check: LayoutVisitor {
            mutating func visit<L: PageLayout>(_: L.Type) -> Result<Void, any Error> {
                Result {
                    let machine = try Machine<L>(pageCount: 4 << PageGeometry.maxOrder, hugePageMemmap: false)
                    var held: [Memdesc] = []
                    for order in [0, 3, 0, 5] { if let m = machine.allocate(order: order, type: .folio) { held.append(m) } }
                    #expect(held.count == 4)
                    // The first bytes of every free block, where the links are.
                    func heads() -> [Int: [UInt8]] {
                        var bytes: [Int: [UInt8]] = [:]
                        machine.zone.forEachFreeBlock { pfn, _ in
                            bytes[pfn] = Array(UnsafeRawBufferPointer(start: machine.memory.address(ofPFN: pfn), count: 64))
                        }
                        return bytes
                    }
                    let before = heads()
                    #expect(machine.backFreeMemory(topOrderBlocks: 8) > 0)
                    // Compared before the lists are walked again: broken links could loop.
                    var after: [Int: [UInt8]] = [:]
                    for pfn in before.keys {
                        after[pfn] = Array(UnsafeRawBufferPointer(start: machine.memory.address(ofPFN: pfn), count: 64))
                    }
                    #expect(after == before)
                    guard after == before else { return }
                    expectSound(machine, expected: Set(held))
                }
            }
        }
        var check = Check()
        try id.visit(&check).get()
    }
}
