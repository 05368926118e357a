@testable import PageBench
import Testing

/// Misuse is caught in checked mode with a clear message, and nothing changes.
enum CheckedMisuse: LayoutTest {
    static func run<L: PageLayout>(_: L.Type) throws {
        let machine = try Machine<L>(pageCount: 1024, hugePageMemmap: false)
        let allocated = machine.folioAlloc(order: 2)
        let folio = try #require(allocated)
        let head = machine.layout.headPFN(of: folio)
        let object = try #require(machine.kmalloc(64) as UnsafeMutableRawPointer?)
        let objectPFN = machine.memory.pfn(of: object)
        let free = machine.freePages

        func expectMisuse(_ expected: Misuse, _ body: () throws -> Void,
                          sourceLocation: SourceLocation = #_sourceLocation) {
            do {
                try body()
                Issue.record("\(L.name): expected \(expected)", sourceLocation: sourceLocation)
            } catch let error as Misuse {
                #expect(error == expected, sourceLocation: sourceLocation)
                #expect(!error.description.isEmpty && !error.description.contains("\n"))
            } catch {
                Issue.record("\(L.name): unexpected \(error)", sourceLocation: sourceLocation)
            }
            #expect(machine.freePages == free, "state changed", sourceLocation: sourceLocation)
            expectSound(machine, expected: [folio], "after \(expected)", sourceLocation: sourceLocation)
        }

        expectMisuse(.pfnOutOfRange(pfn: 1024, pageCount: 1024)) { try machine.checkedFree(pfn: 1024, order: 0) }
        expectMisuse(.pfnOutOfRange(pfn: -1, pageCount: 1024)) { try machine.checkedFree(pfn: -1, order: 0) }
        expectMisuse(.orderTooLarge(11)) { _ = try machine.checkedAllocate(order: 11, type: .folio) }
        expectMisuse(.orderTooLarge(11)) { try machine.checkedFree(pfn: head, order: 11) }
        expectMisuse(.tailPage(pfn: head + 1, head: head)) { try machine.checkedFree(pfn: head + 1, order: 2) }
        expectMisuse(.orderMismatch(pfn: head, freed: 1, allocated: 2)) { try machine.checkedFree(pfn: head, order: 1) }
        expectMisuse(.notAPageAllocation(pfn: objectPFN, type: .slab)) { try machine.checkedFree(pfn: objectPFN, order: 0) }
        expectMisuse(.doubleFree(pfn: 1000)) { try machine.checkedFree(pfn: 1000, order: 0) }
        let stray = machine.memory.address(ofPFN: 1000)
        expectMisuse(.notASlabObject(address: UInt(bitPattern: stray))) { try machine.checkedKfree(stray) }

        // Free for real, then the second free is a double free.
        try machine.checkedFree(pfn: head, order: 2)
        do {
            try machine.checkedFree(pfn: head, order: 2)
            Issue.record("\(L.name): double free not caught")
        } catch {
            #expect(error == .doubleFree(pfn: head))
        }
        try machine.checkedKfree(object)
        expectSound(machine, expected: [])
    }
}

@Suite("Misuse")
struct MisuseTests {
    @Test(arguments: LayoutID.allCases)
    func checkedMode(_ id: LayoutID) throws { try run(CheckedMisuse.self, on: id) }

    @Test func messagesNameTheProblem() {
        #expect(Misuse.orderTooLarge(11).description == "order 11 is above MAX_PAGE_ORDER (10)")
        #expect(Misuse.tailPage(pfn: 5, head: 4).description == "pfn 5 is a tail page; its allocation starts at pfn 4")
    }
}
