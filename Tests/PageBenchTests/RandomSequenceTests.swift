@testable import PageBench
import Testing

/// Long random sequences of every operation, checked against the invariant checker after
/// every phase and against a model of what is live.
enum RandomSequences: LayoutTest {
    static let seeds: [UInt64] = Array(1...20)
    /// Steps per seed; not every step does something (a free with nothing live, a failed
    /// allocation), and only those that did count towards the million.
    static let operationsPerSeed = 60_000
    static let phase = 2_500

    static func run<L: PageLayout>(_: L.Type) throws {
        var total = Tally()
        for seed in seeds { total.add(try run(L.self, seed: seed)) }
        #expect(total.operations >= 1_000_000)
        // The sequences reach every path: exhaustion, splits, nesting, slab frees, HugeTLB.
        #expect(total.failedAllocations > 1000)
        #expect(total.splits > 1000)
        #expect(total.nested > 1000)
        #expect(total.kfrees > 100_000)
        #expect(total.hugetlb > 100)
    }

    struct Tally {
        var operations = 0, failedAllocations = 0, splits = 0, nested = 0, kfrees = 0, hugetlb = 0
        mutating func add(_ t: Tally) {
            operations += t.operations; failedAllocations += t.failedAllocations; hugetlb += t.hugetlb
            splits += t.splits; nested += t.nested; kfrees += t.kfrees
        }
    }

    /// A kmalloc object and the pattern written into it.
    struct Object { let address: UnsafeMutableRawPointer; let size: Int; let pattern: UInt64 }

    static func run<L: PageLayout>(_: L.Type, seed: UInt64) throws -> Tally {
        var tally = Tally()
        // 4096 pages plus a ragged tail, so order-9 and order-10 requests run out often.
        let machine = try Machine<L>(pageCount: 4096 + 1000, hugePageMemmap: false)
        let initial = machine.zone.buddyinfo
        var random = TestRandom(seed: seed)
        var live: [Memdesc] = []
        var liveSet: Set<Memdesc> = []
        var objects: [Object] = []
        // Objects of 8 bytes are exercised by the kmalloc tests; here each object carries
        // a pattern in its first and last word.
        let sizes = [16, 24, 64, 100, 192, 256, 512, 1000, 2048, 4096, 8192]

        func remove(at i: Int) -> Memdesc {
            let md = live[i]
            live.swapAt(i, live.count - 1)
            live.removeLast()
            liveSet.remove(md)
            return md
        }
        func add(_ md: Memdesc) { live.append(md); liveSet.insert(md) }
        func randomOrder() -> Int {
            switch random.below(100) {
            case 0..<60: 0
            case 60..<90: 1 + random.below(4)
            case 90..<95: 9
            default: random.below(PageGeometry.orderCount)
            }
        }

        for step in 1...operationsPerSeed {
            switch random.below(100) {
            case 0..<25:
                let type: MemdescType = random.chance(70) ? .folio : random.chance(50) ? .pageTable : .netmem
                let order = type == .pageTable ? 0 : randomOrder()
                // Some 2 MiB folios are HugeTLB folios (HVO in legacy64-hvo).
                let hugetlb = type == .folio && order == Machine<L>.hugetlbOrder && random.chance(50)
                if let md = hugetlb ? machine.hugetlbAlloc() : machine.allocate(order: order, type: type) {
                    if hugetlb { tally.hugetlb += 1 }
                    tally.operations += 1
                    add(md)
                } else {
                    tally.failedAllocations += 1
                }
            case 25..<45 where !live.isEmpty:
                let md = remove(at: random.below(live.count))
                if md.type == .folio { machine.folioPut(md) } else { machine.free(md) }
                tally.operations += 1
            case 45..<50 where !live.isEmpty:
                let i = random.below(live.count)
                let md = live[i]
                let order = machine.layout.order(of: md)
                guard md.type == .folio, order > 0, !machine.isHugeTLB(md) else { break }
                let head = machine.layout.headPFN(of: md)
                let newOrder = random.below(order)
                if let count = machine.split(md, to: newOrder) {
                    tally.splits += 1
                    tally.operations += 1
                    _ = remove(at: i)
                    for chunk in 0..<count { add(machine.layout.memdesc(ofPFN: head + chunk << newOrder)) }
                }
            case 50..<70:
                let pfn = random.below(machine.pageCount)
                let md = machine.layout.memdesc(ofPFN: pfn)
                tally.operations += 1
                switch md.type {
                case .folio, .pageTable, .netmem:
                    #expect(liveSet.contains(md), "pfn \(pfn) resolves to a \(md.type) nobody allocated")
                    if md.type == .folio {
                        let got = machine.folioTryGet(pfn: pfn)
                        #expect(got == md)
                        if let got { machine.folioPut(got) }
                    }
                case .slab:
                    let cache = SlabField.slabCache.load(md.pointer)
                    let caches = UInt(bitPattern: machine.cache(0))
                    #expect(cache >= caches && cache < caches + UInt(CacheIndex.count * MemoryLayout<KmemCache>.stride))
                    let got = machine.folioTryGet(pfn: pfn)
                    #expect(got == nil)
                case .none, .buddy:
                    let got = machine.folioTryGet(pfn: pfn)
                    #expect(got == nil)
                }
            case 70..<85:
                let size = sizes[random.below(sizes.count)]
                if let p = machine.kmalloc(size) {
                    let found = machine.virtToSlab(p)
                    let slab = try #require(found)
                    let cache = UnsafeMutablePointer<KmemCache>(bitPattern: SlabField.slabCache.load(slab))!
                    #expect(cache.pointee.size >= size)
                    let pattern = random.next()
                    p.storeBytes(of: pattern, as: UInt64.self)
                    p.storeBytes(of: ~pattern, toByteOffset: size - 8 - size % 8, as: UInt64.self)
                    objects.append(Object(address: p, size: size, pattern: pattern))
                    tally.operations += 1
                }
            case 85..<97 where !objects.isEmpty:
                let i = random.below(objects.count)
                let o = objects[i]
                objects.swapAt(i, objects.count - 1)
                objects.removeLast()
                #expect(o.address.load(as: UInt64.self) == o.pattern, "object overwritten")
                #expect(o.address.load(fromByteOffset: o.size - 8 - o.size % 8, as: UInt64.self) == ~o.pattern)
                machine.kfree(o.address)
                tally.kfrees += 1
                tally.operations += 1
            case 97..<100:
                if let md = machine.folioAllocFromSlab() { add(md); tally.nested += 1; tally.operations += 1 }
            default:
                break
            }
            if step % phase == 0 { expectSound(machine, expected: liveSet, "seed \(seed) step \(step)") }
        }

        // Free everything: memory merges back completely and no descriptor is left.
        for md in live { md.type == .folio ? machine.folioPut(md) : machine.free(md) }
        for o in objects { machine.kfree(o.address) }
        expectSound(machine, expected: [], "seed \(seed) after freeing everything")
        machine.shrink()
        let final = machine.zone.buddyinfo
        #expect(final == initial, "seed \(seed)")
        let descriptorBytes = machine.metadata.descriptorBytes
        #expect(descriptorBytes == 0)
        return tally
    }
}

@Suite("Random sequences")
struct RandomSequenceTests {
    @Test("a million random operations per layout, checked every phase", arguments: LayoutID.allCases)
    func randomSequences(_ id: LayoutID) throws { try run(RandomSequences.self, on: id) }
}
