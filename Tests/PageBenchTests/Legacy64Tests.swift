@testable import PageBench
import Testing

/// legacy64 must match include/linux/mm_types.h (v6.15, x86-64) byte for byte.
@Suite("legacy64 is the kernel's struct page")
struct Legacy64Tests {
    /// The offsets pahole prints for the kernel, field by field.
    @Test func describedOffsetsMatchTheKernel() {
        let kernel: [String: [String: (Int, Int)]] = [
            "struct page": ["flags": (0, 8), "compound_head": (8, 8), "mapping": (24, 8), "index": (32, 8),
                            "private": (40, 8), "page_type / _mapcount": (48, 4), "_refcount": (52, 4),
                            "memcg_data": (56, 8), "pp_magic": (8, 8), "pp": (16, 8), "dma_addr": (32, 8),
                            "pp_ref_count": (40, 8)],
            "struct folio": ["flags": (0, 8), "lru": (8, 16), "_mapcount": (48, 4), "_refcount": (52, 4),
                             "_flags_1": (64, 8), "_head_1": (72, 8), "_large_mapcount": (80, 4),
                             "_nr_pages_mapped": (84, 4), "_entire_mapcount": (88, 4), "_pincount": (92, 4),
                             "_nr_pages": (120, 4), "_deferred_list": (144, 16)],
            "struct slab": ["slab_cache": (8, 8), "slab_list": (16, 16), "freelist": (32, 8), "counters": (40, 8),
                            "__page_type": (48, 4), "__page_refcount": (52, 4)],
            "struct ptdesc": ["pt_list": (8, 16), "pt_index": (32, 8), "ptl": (40, 8), "__page_refcount": (52, 4)],
        ]
        let structs = Dictionary(uniqueKeysWithValues: Legacy64.structs.map { ($0.name, $0) })
        for (name, fields) in kernel {
            let described = Dictionary(structs[name]!.fields.map { ($0.name, ($0.offset, $0.size)) }, uniquingKeysWith: { a, _ in a })
            for (field, expected) in fields {
                let got = described[field]
                #expect(got?.0 == expected.0 && got?.1 == expected.1, "\(name).\(field)")
            }
        }
        #expect(structs["struct page"]!.size == 64)
    }

    /// What `folio_alloc(order 2)` leaves in the memmap, read back as raw bytes.
    @Test func compoundPageInMemory() throws {
        let machine = try Machine<Legacy64>(pageCount: 1024, hugePageMemmap: false)
        let allocated = machine.folioAlloc(order: 2)
        let folio = try #require(allocated)
        let head = folio.pointer
        #expect(head.load(as: UInt64.self) & (1 << 6) != 0, "PG_head")
        #expect(head.load(fromByteOffset: 48, as: UInt32.self) == 0xffff_ffff, "_mapcount = -1")
        #expect(head.load(fromByteOffset: 52, as: Int32.self) == 1, "_refcount")
        for tail in 1..<4 {
            let page = head + 64 * tail
            #expect(page.load(fromByteOffset: 8, as: UInt.self) == UInt(bitPattern: head) | 1, "compound_head")
        }
        // TAIL_MAPPING survives in the third tail only: the folio reuses the first tail's
        // mapping for _entire_mapcount/_pincount and the second's for _deferred_list.
        #expect((head + 192).load(fromByteOffset: 24, as: UInt.self) == 0x400 + poisonPointerDelta, "TAIL_MAPPING")
        #expect(head.load(fromByteOffset: 88, as: Int32.self) == -1, "_entire_mapcount")
        #expect(head.load(fromByteOffset: 64, as: UInt8.self) == 2, "folio order in _flags_1")
        #expect(head.load(fromByteOffset: 120, as: UInt32.self) == 4, "_nr_pages")
        let deferred = head.load(fromByteOffset: 144, as: ListHead.self)
        #expect(deferred.next == UInt(bitPattern: head + 144) && deferred.prev == deferred.next, "INIT_LIST_HEAD(_deferred_list)")

        // A free block (the per-CPU refill took pages 0-59): PGTY_buddy in page_type,
        // order in private.
        let buddy = machine.layout.memdesc(ofPFN: 512)
        try #require(buddy.type == .buddy)
        #expect(buddy.pointer.load(fromByteOffset: 48, as: UInt32.self) == 0xf000_0000)
        #expect(buddy.pointer.load(fromByteOffset: 40, as: UInt.self) == 9)
    }

    /// `struct slab` overlays the head page with PGTY_slab; tails point at the head.
    @Test func slabOverlay() throws {
        let machine = try Machine<Legacy64>(pageCount: 64, hugePageMemmap: false)
        let object = try #require(machine.kmalloc(4096) as UnsafeMutableRawPointer?)  // order-3 slabs
        let slab = try #require(machine.virtToSlab(object) as UnsafeMutableRawPointer?)
        #expect(slab.load(fromByteOffset: 48, as: UInt32.self) == 0xf500_0000)
        #expect(slab.load(fromByteOffset: 8, as: UInt.self) == UInt(bitPattern: machine.cache(CacheIndex.kmalloc(size: 4096))))
        #expect(slab.load(fromByteOffset: 64, as: UInt8.self) == 3)
        #expect((slab + 64 * 7).load(fromByteOffset: 8, as: UInt.self) == UInt(bitPattern: slab) | 1)
        machine.kfree(object)
    }

    /// v6.15: a slab's pages go through `prep_compound_page` -> `prep_compound_head` like a
    /// folio's, so its first tails hold the same folio fields; only seed 000's proposal
    /// (`slabPageAlloc`, `specialist-alloc via=own`) leaves them out. Slab pages are frozen.
    @Test func slabGetsTheFolioPreparation() throws {
        let machine = try Machine<Legacy64>(pageCount: 1024, hugePageMemmap: false)
        let object = try #require(machine.kmalloc(4096) as UnsafeMutableRawPointer?)  // order-3 slabs
        let slab = try #require(machine.virtToSlab(object) as UnsafeMutableRawPointer?)
        let folio = try #require(machine.folioAlloc(order: 3) as Memdesc?).pointer
        func fields(_ head: UnsafeMutableRawPointer) -> [Int64] {
            [Int64(head.load(fromByteOffset: 64, as: UInt8.self)),  // folio_set_order
             Int64(head.load(fromByteOffset: 120, as: UInt32.self)),  // _nr_pages
             Int64(FolioField.largeMapcount.load(head)), Int64(FolioField.nrPagesMapped.load(head)),
             Int64(FolioField.entireMapcount.load(head)), Int64(Legacy64.Page.pincount.load(head)),
             Int64(bitPattern: Legacy64.Page.mmIDMapcounts.load(head)), Int64(Legacy64.Page.mmIDs.load(head)),
             ListHead.isEmpty(head + 144) ? 1 : 0]
        }
        #expect(fields(slab) == fields(folio))
        #expect(fields(slab) == [3, 8, -1, 0, -1, 0, -1, 0, 1])
        #expect(FolioField.refcount.load(slab) == 0, "alloc_frozen_pages")

        let proposal = try #require(machine.slabPageAlloc(order: 3) as Memdesc?).pointer
        #expect(fields(proposal)[0...1] == [3, 8], "the order is where compound_order reads it")
        #expect(FolioField.entireMapcount.load(proposal) != -1, "no prep_compound_head in the proposal")
        machine.kfree(object)
    }
}

/// The memory bill of each layout, from its own description.
@Suite("Metadata accounting")
struct MetadataTests {
    @Test(arguments: LayoutID.allCases)
    func memmapCost(_ id: LayoutID) {
        let expected = switch id {
        case .legacy64, .legacy64HVO: 64
        case .interim32: 32
        case .memdesc8, .memdesc8FreeMemory, .memdesc8Bitmap: 8
        default: 16
        }
        #expect(id.type.pageDescriptorSize == expected)
        #expect(id.type.memmapFractionOfRAM == Double(expected) / 4096)
        // The plan's steps: 1.56 %, 0.78 %, 0.39 %, 0.20 % of RAM.
        let percent = [64: 1.56, 32: 0.78, 16: 0.39, 8: 0.20][expected]!
        #expect(abs(id.type.memmapFractionOfRAM * 100 - percent) < 0.005)
    }

    @Test func descriptorsAreCountedWithSlack() throws {
        let machine = try Machine<TwoWord16>(pageCount: 1024, hugePageMemmap: false)
        let allocated = machine.folioAlloc(order: 0)
        let folio = try #require(allocated)
        let m = machine.metadata
        // One small folio descriptor (80 B, in a 96 B slot: SLUB puts the free pointer of a
        // SLAB_TYPESAFE_BY_RCU cache after the object) in one page of the folio_small cache,
        // whose struct slab (64 B) sits in one page of the self-hosted slab cache, beside
        // that slab's own struct slab.
        #expect(m.memmapBytes == 1024 * 16)
        #expect(m.descriptorBytes == 2 * 4096)
        #expect(m.liveDescriptorBytes == 96 + 64 + 64)
        #expect(m.slackBytes == 2 * 4096 - 224)
        #expect(m.freeListBytes > 0 && m.freeListBytes < 2048, "15 list heads")
        #expect(m.bytesPerPage == Double(1024 * 16 + 8192 + m.freeListBytes) / 1024)
        machine.folioPut(folio)
    }

    /// The README's arithmetic: an order-0 folio costs 16 + its 96-byte slot + its share of
    /// the slab's `struct slab` (42 slots to a 4 KiB slab); an order-2 folio 4 x 16 + a
    /// 128-byte slot + a 32nd of a `struct slab`.
    @Test func arithmeticCountsTheSlots() throws {
        let machine = try Machine<CHead16>(pageCount: 1024, hugePageMemmap: false)
        let base = machine.metadata.liveDescriptorBytes
        #expect(base == 0)
        var folios = (0..<42).compactMap { _ in machine.folioAlloc(order: 0) }
        let own = 64  // the struct slab cache's slab keeps its own descriptor
        #expect(machine.metadata.liveDescriptorBytes == own + 42 * 96 + 64)
        #expect(machine.metadata.slackBytes == 2 * 4096 - own - 42 * 96 - 64)
        folios += (0..<32).compactMap { _ in machine.folioAlloc(order: 2) }
        #expect(machine.metadata.liveDescriptorBytes == own + 42 * 96 + 64 + 32 * 128 + 64)
        let m = machine.metadata
        #expect(m.arithmeticBytesPerPage * 1024 == Double(m.memmapBytes + m.freeListBytes + own + 42 * 96 + 64 + 32 * 128 + 64))
        for folio in folios { machine.folioPut(folio) }
    }
}
