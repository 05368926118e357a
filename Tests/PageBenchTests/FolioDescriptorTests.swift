@testable import PageBench
import Testing

/// The layouts with separately allocated memdescs.
let memdescLayouts = LayoutID.allCases.filter { $0.type.separateMemdescs }

extension Machine {
    /// The cache an object of the simulated memory belongs to (`virt_to_slab(x)->slab_cache`).
    func cacheSlot(of object: UnsafeMutableRawPointer) -> Int? {
        guard let slab = virtToSlab(object) else { return nil }
        let cache = SlabField.slabCache.load(slab)
        return (0..<CacheIndex.count).first { UInt(bitPattern: self.cache($0)) == cache }
    }

    func live(_ slot: Int) -> Int { cache(slot).pointee.liveObjects }
}

/// Wilcox's two folio descriptors: orders 0-1 from `folio_small`, orders 2 and up from
/// `folio_large`, with the order and the pfn read alike from both.
enum FolioCachesByOrder: LayoutTest {
    static func run<L: PageLayout>(_: L.Type) throws {
        let machine = try Machine<L>(pageCount: 4096, hugePageMemmap: false)
        for order in 0...PageGeometry.maxOrder {
            let allocated = machine.folioAlloc(order: order)
            let folio = try #require(allocated, "order \(order)")
            let expected = order < 2 ? CacheIndex.folioSmall : CacheIndex.folioLarge
            #expect(machine.cacheSlot(of: folio.pointer) == expected, "\(L.name) order \(order)")
            #expect(machine.live(CacheIndex.folioSmall) == (order < 2 ? 1 : 0))
            #expect(machine.live(CacheIndex.folioLarge) == (order < 2 ? 0 : 1))
            // The same fields, the same offsets, whichever cache the folio came from.
            let head = machine.layout.headPFN(of: folio)
            #expect(Int(folio.pointer.load(fromByteOffset: 60, as: UInt8.self)) == order)
            #expect(Int(folio.pointer.load(fromByteOffset: 64, as: UInt.self)) == head)
            #expect(machine.layout.order(of: folio) == order)
            expectSound(machine, expected: [folio], "order \(order)")
            machine.folioPut(folio)
        }
        // A folio handed out from a slab is order 0: a small descriptor.
        let nestedFolio = machine.folioAllocFromSlab()
        let nested = try #require(nestedFolio)
        #expect(machine.cacheSlot(of: nested.pointer) == CacheIndex.folioSmall)
        expectSound(machine, expected: [nested], "nested")
        machine.folioPut(nested)
        expectSound(machine, expected: [], "all freed")
    }
}

/// Split takes a descriptor from the cache each new folio's order needs and frees the old
/// one; collapse takes one large descriptor and frees the small ones.
enum SplitAndCollapseDescriptors: LayoutTest {
    static func run<L: PageLayout>(_: L.Type) throws {
        let machine = try Machine<L>(pageCount: 2048, hugePageMemmap: false)
        let small = CacheIndex.folioSmall, large = CacheIndex.folioLarge
        for (newOrder, smallCount, largeCount) in [(0, 512, 0), (1, 256, 0), (2, 0, 128), (5, 0, 16)] {
            let allocated = machine.folioAlloc(order: 9, index: 7)
            let thp = try #require(allocated)
            let head = machine.layout.headPFN(of: thp)
            #expect(machine.split(thp, to: newOrder) == 1 << (9 - newOrder))
            #expect(machine.live(small) == smallCount && machine.live(large) == largeCount,
                    "\(L.name) 9 -> \(newOrder): \(machine.live(small)) small, \(machine.live(large)) large")
            let pieces = (0..<(1 << (9 - newOrder))).map { machine.layout.memdesc(ofPFN: head + $0 << newOrder) }
            for (i, piece) in pieces.enumerated() {
                #expect(machine.layout.order(of: piece) == newOrder && machine.refCount(piece) == 1)
                #expect(FolioField.index.load(piece.pointer) == 7 + UInt(i << newOrder))
            }
            expectSound(machine, expected: Set(pieces), "split 9 -> \(newOrder)")
            if newOrder == 0 {
                let collapse = machine.collapse(head, order: 9)
                let collapsed = try #require(collapse)
                #expect(machine.live(small) == 0 && machine.live(large) == 1, "one large descriptor, no small one")
                #expect(machine.cacheSlot(of: collapsed.pointer) == large)
                #expect(FolioField.index.load(collapsed.pointer) == 7)
                expectSound(machine, expected: [collapsed], "collapsed")
                machine.folioPut(collapsed)
            } else {
                for piece in pieces { machine.folioPut(piece) }
            }
            expectSound(machine, expected: [], "freed after 9 -> \(newOrder)")
        }
    }
}

/// With the large folio cache unable to allocate, a collapse fails and changes nothing.
enum CollapseWithoutDescriptor: LayoutTest {
    static func run<L: PageLayout>(_: L.Type) throws {
        let machine = try Machine<L>(pageCount: 2048, hugePageMemmap: false)
        let allocated = machine.folioAlloc(order: 9)
        let thp = try #require(allocated)
        let head = machine.layout.headPFN(of: thp)
        #expect(machine.split(thp, to: 0) == 512)
        let pieces = (head..<head + 512).map { machine.layout.memdesc(ofPFN: $0) }
        // Memory full, as split-no-memory fills it, and the large cache's last free objects
        // taken: no large descriptor can come from anywhere.
        var filler: [Memdesc] = []
        for order in (0...PageGeometry.maxOrder).reversed() {
            while let md = machine.folioAlloc(order: order) { filler.append(md) }
        }
        var held: [UnsafeMutableRawPointer] = []
        while let object = machine.slab.allocate(machine.cache(CacheIndex.folioLarge)) { held.append(object) }
        #expect(machine.freePages == 0)

        let free = machine.zone.buddyinfo
        let live = (0..<CacheIndex.count).map { machine.live($0) }
        let collapsed = machine.collapse(head, order: 9)
        #expect(collapsed == nil, "\(L.name): no large descriptor, so no collapse")
        #expect((head..<head + 512).map { machine.layout.memdesc(ofPFN: $0) } == pieces, "every page keeps its folio")
        #expect(pieces.allSatisfy { machine.refCount($0) == 1 && machine.layout.order(of: $0) == 0 })
        #expect(machine.zone.buddyinfo == free)
        #expect((0..<CacheIndex.count).map { machine.live($0) } == live)

        for object in held { machine.kfree(object) }
        expectSound(machine, expected: Set(pieces + filler), "after the failed collapse")
        // With memory back it succeeds.
        for md in filler { machine.folioPut(md) }
        let collapse = machine.collapse(head, order: 9)
        let again = try #require(collapse)
        expectSound(machine, expected: [again], "collapsed")
        machine.folioPut(again)
    }
}

/// `SLAB_TYPESAFE_BY_RCU`: freeing a descriptor leaves every byte of the object as it was,
/// so a stale lockless reader still reads a descriptor (with `_refcount` 0) and not a free
/// pointer. With the free pointer at offset 0 (or SLUB's default, the middle) it fails.
enum TypesafeFreeKeepsTheObject: LayoutTest {
    static func run<L: PageLayout>(_: L.Type) throws {
        let machine = try Machine<L>(pageCount: 1024, hugePageMemmap: false)
        for slot in [CacheIndex.folioSmall, CacheIndex.folioLarge, CacheIndex.ptdescDescriptors, CacheIndex.netmemDescriptors] {
            let cache = machine.cache(slot)
            #expect(cache.pointee.typesafeByRCU)
            let size = cache.pointee.objectSize
            // Three slabs' worth: frees land on the CPU slab (fast path) and on others (slow path).
            var objects: [UnsafeMutableRawPointer] = []
            for _ in 0..<3 * cache.pointee.objects {
                let object = machine.slab.allocate(cache)
                objects.append(try #require(object))
            }
            func pattern(_ object: UnsafeMutableRawPointer, _ word: Int) -> UInt64 {
                UInt64(UInt(bitPattern: object)) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(word)
            }
            for object in objects {
                for word in 0..<size / 8 { object.storeBytes(of: pattern(object, word), toByteOffset: 8 * word, as: UInt64.self) }
            }
            for object in objects { machine.kfree(object) }
            machine.slab.flush(cache)  // deactivate_slab rewrites the CPU slab's free pointers
            var overwritten = 0
            for object in objects {
                for word in 0..<size / 8 where object.load(fromByteOffset: 8 * word, as: UInt64.self) != pattern(object, word) {
                    overwritten += 1
                }
            }
            #expect(overwritten == 0, "\(L.name) \(CacheIndex.name(slot)): \(overwritten) words of freed objects overwritten")
        }

        // A stale reader of a freed folio reads its fields, with `_refcount` 0.
        for order in [0, 3] {
            let allocated = machine.folioAlloc(order: order)
            let folio = try #require(allocated)
            let size = machine.cache(CacheIndex.descriptors(for: .folio, order: order)).pointee.objectSize
            let before = (0..<size).map { folio.pointer.load(fromByteOffset: $0, as: UInt8.self) }
            machine.folioPut(folio)
            let after = (0..<size).map { folio.pointer.load(fromByteOffset: $0, as: UInt8.self) }
            let changed = (0..<size).filter { before[$0] != after[$0] }
            let refcount = FolioField.refcount
            #expect(changed.allSatisfy { (refcount.offset..<refcount.offset + refcount.size).contains($0) },
                    "order \(order): bytes \(changed) changed by the free")
            #expect(refcount.load(folio.pointer) == 0)
            #expect(machine.folioTryGet(pfn: Int(SeparateMemdesc.Folio.pfn.load(folio.pointer))) == nil)
        }
        expectSound(machine, expected: [])
    }
}

@Suite("Folio descriptors and SLUB's free pointer")
struct FolioDescriptorTests {
    @Test(arguments: memdescLayouts)
    func cachesByOrder(_ id: LayoutID) throws { try run(FolioCachesByOrder.self, on: id) }

    @Test(arguments: memdescLayouts)
    func splitAndCollapseDescriptors(_ id: LayoutID) throws { try run(SplitAndCollapseDescriptors.self, on: id) }

    @Test(arguments: memdescLayouts)
    func collapseWithoutDescriptor(_ id: LayoutID) throws { try run(CollapseWithoutDescriptor.self, on: id) }

    @Test(arguments: memdescLayouts)
    func typesafeFreeKeepsTheObject(_ id: LayoutID) throws { try run(TypesafeFreeKeepsTheObject.self, on: id) }

    /// `calculate_sizes`: the free pointer after the object of a typesafe cache (unless a
    /// `freeptr_offset` is named), in the middle of any other, and the slot aligned.
    @Test func calculateSizes() {
        func sizes(_ object: Int, align: Int = 16, rcu: Bool = true, offset: Int? = nil) -> [Int] {
            let c = KmemCache(objectSize: object, align: align, typesafeByRCU: rcu, freePointerOffset: offset)
            return [c.freePointerOffset, c.size, c.objects]
        }
        #expect(sizes(80) == [80, 96, 42], "the small folio: 80 B object in a 96 B slot")
        #expect(sizes(112) == [112, 128, 32], "the large folio")
        #expect(sizes(64) == [64, 80, 51], "ptdesc, netmem_desc")
        #expect(sizes(80, offset: 8) == [8, 80, 51], "freeptr_offset inside the object costs nothing")
        #expect(sizes(64, rcu: false) == [32, 64, 64], "not typesafe: the middle of the object")
        #expect(sizes(8, align: 8, rcu: false) == [0, 8, 512])
        #expect(sizes(96, align: 8, rcu: false) == [48, 96, 42])
        let slabCache = CacheIndex.create(CacheIndex.slabDescriptors)
        #expect([slabCache.freePointerOffset, slabCache.size, slabCache.objects] == [32, 64, 63])
    }

    /// `describe` prints both folio descriptors; the fields they share are at the same offsets.
    @Test func describedDescriptors() throws {
        let structs = Dictionary(uniqueKeysWithValues: TwoWord16.structs.map { ($0.name, $0) })
        let small = try #require(structs["struct folio (small: orders 0-1)"])
        let large = try #require(structs["struct folio (large: orders 2+)"])
        #expect(small.size == 80 && large.size == 112)
        let offsets = { (s: StructDescription) in Dictionary(s.fields.map { ($0.name, $0.offset) }, uniquingKeysWith: { a, _ in a }) }
        let (s, l) = (offsets(small), offsets(large))
        for (name, offset) in s { #expect(l[name] == offset, "\(name)") }
        #expect(s["order"] == 60 && s["pfn"] == 64 && s["_refcount"] == 52 && s["memcg"] == 72)
        #expect(l["_deferred_list"] == 96 && l["_large_mapcount"] == 80 && s["_deferred_list"] == nil)
        for d in [small, large] { #expect(d.fields.allSatisfy { $0.offset + $0.size <= d.size }, "\(d.name)") }
        #expect(small.placement.contains("96-byte slots") && large.placement.contains("128-byte slots"))
    }
}
