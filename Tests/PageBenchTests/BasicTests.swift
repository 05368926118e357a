@testable import PageBench
import Testing

/// Allocation, lookup and free of every type at every order, one at a time.
enum FreshMachineIsAllFree: LayoutTest {
    static func run<L: PageLayout>(_: L.Type) throws {
        // Not a multiple of 1024: the tail is freed in smaller aligned blocks.
        let machine = try Machine<L>(pageCount: 5000, hugePageMemmap: false)
        let free = machine.freePages, buddyinfo = machine.zone.buddyinfo
        #expect(free == 5000)
        #expect(buddyinfo == [0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 4])  // 4096 + 512 + 256 + 128 + 8
        expectSound(machine, expected: [])
    }
}

enum EveryTypeAndOrder: LayoutTest {
    static func run<L: PageLayout>(_: L.Type) throws {
        let machine = try Machine<L>(pageCount: 4096, hugePageMemmap: false)
        let initial = machine.zone.buddyinfo
        for type in [MemdescType.folio, .netmem, .pageTable] {
            for order in 0...(type == .pageTable ? 0 : PageGeometry.maxOrder) {
                let allocated = machine.allocate(order: order, type: type)
                let md = try #require(allocated, "\(type) order \(order)")
                #expect(md.type == type)
                let head = machine.layout.headPFN(of: md)
                #expect(head % (1 << order) == 0)
                #expect(machine.layout.order(of: md) == order)
                for pfn in head..<head + (1 << order) {
                    #expect(machine.layout.memdesc(ofPFN: pfn) == md)
                    #expect(machine.layout.order(ofPFN: pfn) == order)
                    #expect(machine.layout.slab(ofPFN: pfn) == nil)
                }
                let refs = machine.refCount(md)
                #expect(refs == 1)
                expectSound(machine, expected: [md], "\(type) order \(order)")
                machine.free(md)
                expectSound(machine, expected: [], "after freeing \(type) order \(order)")
            }
        }
        // Empty the descriptor caches and the per-CPU lists: then everything has merged back.
        machine.shrink()
        let final = machine.zone.buddyinfo
        #expect(final == initial)
    }
}

@Suite("Every layout, one operation at a time")
struct BasicTests {
    @Test(arguments: LayoutID.allCases)
    func freshMachine(_ id: LayoutID) throws { try run(FreshMachineIsAllFree.self, on: id) }

    @Test(arguments: LayoutID.allCases)
    func everyTypeAndOrder(_ id: LayoutID) throws { try run(EveryTypeAndOrder.self, on: id) }
}
