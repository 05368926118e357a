import CFloor
@testable import PageBench
import Testing

/// The legacy64 scan floor reads what `classify` reads, at the same offsets: over a
/// half-full machine (folios, slabs, page tables, net pool pages, free blocks) its sum is
/// the one the Swift fields give block by block.
@Suite struct ScanFloorTests {
    @Test func legacy64FloorReadsWhatClassifyReads() throws {
        let machine = try Machine<Legacy64>(pageCount: 8192, hugePageMemmap: false)
        _ = FilledMachine(machine, state: .halfFull, seed: 7)
        let layout = machine.layout
        var expected: UInt64 = 0, netmem = 0, pfn = 0
        while pfn < machine.pageCount {
            let head = layout.page(pfn)
            let isNetmem = NetmemField.ppMagic.load(head) & ~3 == NetmemField.signature
            netmem += isNetmem ? 1 : 0
            expected &+= UInt64(Legacy64.Page.pageType.load(head) >> 24) + (isNetmem ? 1 : 0)
                + (Legacy64.Page.refcount.load(head) != 0 ? 1 : 0)
            pfn += 1 << layout.classify(pfn).order
        }
        #expect(netmem > 0)
        #expect(floor_scan_legacy64(layout.memmap, UInt64(machine.pageCount), UInt64(NetmemField.signature)) == expected)
    }
}
