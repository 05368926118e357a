@testable import PageBench
import Testing

/// The kernel's own path: `interim32` and `memdesc8` hold what the plan says, byte for byte.
@Suite("interim32 and memdesc8")
struct MemdescPathTests {
    /// The 32-byte page of the January 2025 posting: flags, the list / memdesc + _refcount
    /// union, private / _folio_mapcount.
    @Test func interim32OffsetsAreThePosting() {
        let page = Interim32.structs[0]
        let fields = Dictionary(page.fields.map { ($0.name, ($0.offset, $0.size)) }, uniquingKeysWith: { a, _ in a })
        #expect(page.size == 32)
        #expect(fields["buddy_list / pcp_list"]! == (8, 16))
        #expect(fields["memdesc (memdesc * | type:4)"]! == (8, 8))
        #expect(fields["_refcount"]! == (16, 4))
        #expect(fields["private"]! == (24, 8))
        #expect(fields["_folio_mapcount"]! == (24, 4))
    }

    /// A list pointer in `memdesc` is a buddy alias (tags 0, 4, 8, 12): no free page reads as
    /// a memdesc, and a net pool page, whose tag 8 would be one, carries 11.
    @Test func interim32ListPointersAliasBuddy() throws {
        let machine = try Machine<Interim32>(pageCount: 4096, hugePageMemmap: false, checkPages: true)
        let layout = machine.layout
        let allocated = machine.netmemAlloc(order: 0)
        let netmem = try #require(allocated)
        let pfn = layout.headPFN(of: netmem)
        #expect(layout.memdescWord(pfn) & 0xf == 11)
        #expect(layout.memdesc(ofPFN: pfn) == netmem && netmem.type == .netmem)
        #expect(layout.slab(ofPFN: pfn) == nil)
        var free = 0
        for p in 0..<layout.pageCount where layout.buddyOrder(p) != nil {
            free += 1
            let word = layout.memdescWord(p)
            #expect([0, 4, 8, 12].contains(word & 0xf), "pfn \(p): \(String(word, radix: 16))")
            #expect(layout.pageFolio(p) == layout.zeroDescriptor)
            #expect(layout.memdesc(ofPFN: p).type == .buddy)
        }
        #expect(free > 0)
        for tag: UInt64 in [0, 1, 4, 8, 12] { #expect(!Interim32.hasDescriptor(0x1000 | tag)) }
        for tag: UInt64 in [2, 3, 5, 7, 11] { #expect(Interim32.hasDescriptor(0x1000 | tag)) }
        // The C floor's table says the same as the layout's test, for every tag.
        for tag in 0..<UInt64(16) {
            #expect(Interim32.hasDescriptor(tag) == (Interim32.descriptorTags >> tag & 1 != 0), "interim32 tag \(tag)")
            #expect(Memdesc8.hasDescriptor(tag) == (Memdesc8.descriptorTags >> tag & 1 != 0), "memdesc8 tag \(tag)")
        }
    }

    /// Every page of a memdesc8 allocation is the tagged pointer, nothing else; a free
    /// block's head is buddy + order (+ links), its other pages 0.
    @Test func memdesc8WordsAreTheMemdesc() throws {
        let machine = try Machine<Memdesc8>(pageCount: 4096, hugePageMemmap: false, checkPages: true)
        let layout = machine.layout
        let allocated = machine.folioAlloc(order: 3)
        let folio = try #require(allocated)
        let head = layout.headPFN(of: folio)
        for p in head..<head + 8 {
            #expect(layout.word(p) == UInt64(folio.raw))
            #expect(layout.order(ofPFN: p) == 3)
        }
        #expect(folio.raw & 0xf == 2, "file folio")
        // Every free block's head reads as buddy, at odd pfns too (an 8-byte page is not
        // 16-byte aligned: a pointer to it cannot carry the tag).
        var odd = 0
        for p in 0..<4096 where layout.buddyOrder(p) != nil {
            #expect(layout.memdesc(ofPFN: p).type == .buddy && layout.headPFN(of: layout.memdesc(ofPFN: p)) == p, "pfn \(p)")
            odd += p & 1
        }
        #expect(odd > 0)
        let block = try #require((0..<4096).first { layout.buddyOrder($0) == 10 })
        #expect(layout.word(block) & 0xff == 1 | 10 << 4)
        #expect((block + 1..<block + 1024).allSatisfy { layout.word($0) == 0 })
    }

    /// The packed links use all 28 bits: pfns up to 2^28 - 1 link both ways, and a list's
    /// end (a link to the page itself) is not confused with a neighbour. A machine of 2^28 + 1
    /// pages is refused.
    @Test func packedLinksSpanTheirWholeRange() throws {
        let count = PackedWordLinks.maxPageCount
        #expect(count == 1 << 28)
        guard let memmap = Mapping(byteCount: count * 8 + 4096), let heads = Mapping(byteCount: 4096) else {
            Issue.record("mmap failed")
            return
        }
        let layout = Memdesc8(memmap: memmap.base, arena: memmap.base, pageCount: count)
        let head = heads.base
        layout.listInit(head)
        let pfns = [count - 1, 0, 1 << 27 | 5, count - 2]
        for pfn in pfns {
            layout.setBuddy(pfn, order: 0)
            layout.listAddTail(pfn, head)
        }
        #expect(layout.listFirst(head) == pfns[0] && layout.listLast(head) == pfns[3])
        var walked: [Int] = []
        var next = layout.listFirst(head)
        while let pfn = next { walked.append(pfn); next = layout.listNext(pfn, head) }
        #expect(walked == pfns)
        layout.listDel(pfns[1], head)
        #expect(layout.listNext(pfns[0], head) == pfns[2])
        #expect(layout.isBuddy(count - 1, order: 0) && layout.buddyOrder(1 << 27 | 5) == 0)
        #expect(throws: MachineError.self) { try Machine<Memdesc8>(pageCount: count + 1, hugePageMemmap: false) }
    }
}
