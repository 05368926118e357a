@testable import PageBench
import Testing

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
                    // The first bytes of a free block, where its links are.
                    func head(_ pfn: Int) -> [UInt8] {
                        Array(UnsafeRawBufferPointer(start: machine.memory.address(ofPFN: pfn), count: 64))
                    }
                    var before: [Int: [UInt8]] = [:]
                    machine.zone.forEachFreeBlock { pfn, _ in before[pfn] = head(pfn) }
                    #expect(machine.backFreeMemory(topOrderBlocks: 8) > 0)
                    // Compared before the lists are walked again: broken links could loop.
                    let after = Dictionary(uniqueKeysWithValues: before.keys.map { ($0, head($0)) })
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
