#if canImport(Glibc)
import Glibc
#endif
@testable import PageBench
import Testing

/// Machine states: snapshots are read and written faithfully, a replayed snapshot rebuilds
/// exactly its blocks, and the drawn states fill what they say.
@Suite("Machine states")
struct StateTests {
    /// The committed snapshots (`benchmarks snapshot` on the development machine).
    static func committed(_ name: String) throws -> Snapshot {
        let root = String(#filePath.split(separator: "/").dropLast(3).joined(separator: "/"))
        let path = "/" + root + "/results/states/\(name).snapshot"
        let bytes = try #require(readBytes(path), "cannot read \(path)")
        return try Snapshot(decoding: bytes)
    }

    @Test func fileRoundTrips() throws {
        let snapshot = Snapshot(facts: [("kernel", "6.18"), ("note", "a=b")], runs: [
            .init(.hole, order: 0, count: 300), .init(.free, order: 10, count: 1), .init(.slab, order: 2, count: 1 << 40),
            .init(.hugetlb, order: 18, count: 2), .init(.pageTable, order: 0, count: 127), .init(.fileFolio, order: 0, count: 128),
        ])
        #expect(try Snapshot(decoding: snapshot.encoded()) == snapshot)
    }

    @Test func malformedFilesAreRefused() {
        #expect(throws: SnapshotError.self) { try Snapshot(decoding: Array("not a snapshot\n\n".utf8)) }
        var bytes = Snapshot(facts: [], runs: [.init(.free, order: 3, count: 200)]).encoded()
        bytes.removeLast()  // the varint's last byte
        #expect(throws: SnapshotError.self) { try Snapshot(decoding: bytes) }
        #expect(throws: SnapshotError.self) { try Snapshot(decoding: Array((Snapshot.magic + "\n\n").utf8) + [0xf0, 1]) }
    }

    /// Without the file or the rights, and with a snapshot that has no memory, one clear error.
    @Test func unusableSourcesAreRefused() throws {
        #expect(throws: SnapshotError.self) { try SnapshotCapture.take(kpageflags: "/nonexistent/kpageflags") }
        let empty = "/tmp/struct-page-bench-test-\(getpid()).snapshot"
        let bytes = Snapshot(facts: [], runs: [.init(.hole, order: 0, count: 4096)]).encoded()
        let f = fopen(empty, "w")
        fwrite(bytes, 1, bytes.count, f)
        fclose(f)
        defer { unlink(empty) }
        #expect(throws: SnapshotError.tooSmall(pages: 4096, usable: 0)) { try MachineState(parsing: "replay:" + empty) }
        #expect(throws: SnapshotError.self) { try MachineState(parsing: "quarter-full") }
    }

    /// kpageflags words become blocks as the buddy allocator and the folios have them.
    @Test func captureBuildsBlocks() {
        typealias F = SnapshotCapture.Flag
        var b = SnapshotCapture.Builder(present: nil, blockPages: 16)
        // pfn 0-2: free (orders 1 and 0 by alignment), 3: slab, 4-7: an order-2 THP,
        // 8-10: a compound of 3 pages (not a power of two), 11: kernel, 12-15: free,
        // 16-47: blank (whole blocks of 16: a hole), 48: file page, 49-50: blank (kernel).
        let words: [UInt64] = [F.buddy, F.buddy, F.buddy, F.slab,
                               F.compoundHead | F.anon | F.lru, F.compoundTail, F.compoundTail, F.compoundTail,
                               F.compoundHead | F.slab, F.compoundTail, F.compoundTail, 1 << 2,
                               F.buddy, F.buddy, F.buddy, F.buddy] + [UInt64](repeating: 0, count: 32) + [F.lru, 0, 0]
        for w in words { b.add(w) }
        let s = b.finish()
        #expect(s.runs == [
            .init(.free, order: 1, count: 1), .init(.free, order: 0, count: 1), .init(.slab, order: 0, count: 1),
            .init(.anonFolio, order: 2, count: 1), .init(.slab, order: 0, count: 3), .init(.kernel, order: 0, count: 1),
            .init(.free, order: 2, count: 1), .init(.hole, order: 0, count: 32), .init(.fileFolio, order: 0, count: 1),
            .init(.kernel, order: 0, count: 2),
        ])
        #expect(s.pageCount == words.count)
    }

    /// What a machine holds, counted from its memmap and allocators: blocks per kind and order
    /// in the snapshot's terms.
    static func census<L: PageLayout>(_ machine: borrowing Machine<L>) -> [Snapshot.Kind: [Int: Int]] {
        var result: [Snapshot.Kind: [Int: Int]] = [:]
        for (order, n) in machine.zone.buddyinfo.enumerated() where n > 0 { result[.free, default: [:]][order] = n }
        var pfn = 0
        while pfn < machine.pageCount {
            if machine.isReserved(pfn) {
                result[.reserved, default: [:]][0, default: 0] += 1
                pfn += 1
                continue
            }
            let md = machine.layout.memdesc(ofPFN: pfn)
            switch md.type {
            case .folio, .slab, .pageTable:
                let order = machine.layout.order(of: md)
                let kind: Snapshot.Kind = md.type == .folio ? .fileFolio : md.type == .slab ? .slab : .pageTable
                if machine.layout.headPFN(of: md) == pfn { result[kind, default: [:]][order, default: 0] += 1 }
                pfn = machine.layout.headPFN(of: md) + (1 << order)
            default:
                pfn += 1
            }
        }
        return result
    }

    /// The snapshot's blocks in the census's terms: folios of every kind as one, every page
    /// without a memdesc as reserved, order by order.
    static func expected(_ blocks: [Snapshot.Kind: [Int: Int]]) -> [Snapshot.Kind: [Int: Int]] {
        var result: [Snapshot.Kind: [Int: Int]] = [:]
        for (kind, orders) in blocks {
            for (order, n) in orders {
                switch kind {
                case .fileFolio, .anonFolio, .hugetlb: result[.fileFolio, default: [:]][order, default: 0] += n
                case .hole, .reserved, .kernel: result[.reserved, default: [:]][0, default: 0] += n << order
                default: result[kind, default: [:]][order, default: 0] += n
                }
            }
        }
        return result
    }

    /// At the snapshot's own size, legacy64 (which allocates nothing beside the memmap) gets
    /// exactly the snapshot: pages per type and order, and free blocks per order.
    @Test func replayAtFullSizeIsExact() throws {
        let snapshot = try Self.committed("idle")
        let usable = SnapshotReplay.windows(snapshot).count << SnapshotReplay.windowOrder
        let machine = try Machine<Legacy64Layout<PlainVmemmap>>(pageCount: usable, hugePageMemmap: false)
        let state = FilledMachine(machine, replaying: snapshot)
        #expect(state.failures == 0)
        var want = Self.expected(snapshot.blocks)
        want[.reserved]![0]! -= snapshot.pageCount - usable  // the all-hole windows dropped
        if want[.reserved]![0] == 0 { want[.reserved] = nil }
        let census = Self.census(machine), problems = machine.checkInvariants()
        #expect(census == want)
        #expect(problems.isEmpty)
    }

    /// On every layout, a sampled replay places every block of the windows it chose; the
    /// small layouts' descriptors take free pages, so only legacy64's free blocks are exact.
    @Test(arguments: LayoutID.allCases)
    func replayOnEveryLayout(_ id: LayoutID) throws {
        struct Check: LayoutVisitor {
            let snapshot: Snapshot
            mutating func visit<L: PageLayout>(_: L.Type) -> Result<Void, any Error> {
                Result {
                    let pages = 64 << 10
                    let machine = try Machine<L>(pageCount: pages, hugePageMemmap: false)
                    let state = FilledMachine(machine, replaying: snapshot)
                    #expect(state.failures == 0)
                    var want = StateTests.expected(SnapshotReplay.expectedBlocks(snapshot, pageCount: pages))
                    var got = StateTests.census(machine)
                    if L.separateMemdescs {
                        // Descriptor slabs come on top; the free blocks shrink by as much.
                        let descriptorPages = CacheIndex.descriptorCaches.reduce(0) {
                            $0 + machine.cache($1).pointee.nrSlabs << machine.cache($1).pointee.order
                        }
                        let free = { (b: [Snapshot.Kind: [Int: Int]]) in (b[.free] ?? [:]).reduce(0) { $0 + $1.value << $1.key } }
                        // Descriptor slabs took pages through the per-CPU lists, which keep the rest of a batch.
                        let freeGot = free(got) + machine.pages.pages, freeWant = free(want)
                        #expect(freeGot + descriptorPages == freeWant)
                        got[.free] = nil
                        want[.free] = nil
                        let descriptorSlabs = CacheIndex.descriptorCaches.reduce(0) { $0 + machine.cache($1).pointee.nrSlabs }
                        let slabsGot = (got[.slab] ?? [:]).values.reduce(0, +), slabsWant = (want[.slab] ?? [:]).values.reduce(0, +)
                        #expect(slabsGot == slabsWant + descriptorSlabs)
                        got[.slab] = nil
                        want[.slab] = nil
                    }
                    let problems = machine.checkInvariants()
                    #expect(got == want, "\(L.name)")
                    #expect(problems.isEmpty, "\(L.name)")
                }
            }
        }
        var check = Check(snapshot: try Self.committed("page-cache"))
        try id.visit(&check).get()
    }

    /// A replay fails if a placement goes wrong: a block claimed twice is caught.
    @Test func claimingTakenPagesFails() throws {
        let machine = try Machine<Legacy64Layout<PlainVmemmap>>(pageCount: 4096, hugePageMemmap: false)
        let claims = [machine.claim(512, order: 9), machine.claim(512, order: 0), machine.claim(0, order: 10),
                      machine.claim(0, order: 9)]
        #expect(claims == [true, false, false, true])
        #expect(machine.zone.freePages == 4096 - 1024)
        machine.reserve(0, order: 9)
        machine.zone.freeBlock(512, order: 9)
        let problems = machine.checkInvariants()
        #expect(problems.isEmpty)
    }

    /// The built-in mixes are the committed page-cache snapshot's (the failure message gives
    /// the source to paste into `SnapshotMixes.swift` after a new snapshot).
    @Test func builtInMixesMatchTheSnapshot() throws {
        let snapshot = try Self.committed("page-cache")
        let pageCache = StateMix(pageCacheOf: snapshot), fullOrder0 = StateMix(fullOrder0Of: snapshot)
        #expect(StateMix.pageCache == pageCache, "\(pageCache.swiftSource(name: "pageCache"))")
        #expect(StateMix.fullOrder0 == fullOrder0, "\(fullOrder0.swiftSource(name: "fullOrder0"))")
    }

    /// The drawn states allocate the share of memory they say.
    @Test(arguments: [MachineState.halfFull, .fullOrder0, .pageCache])
    func drawnStatesFillTheirShare(_ state: MachineState) throws {
        let machine = try Machine<CHead16Layout<DescriptorLinks>>(pageCount: 16384, hugePageMemmap: false)
        _ = FilledMachine(machine, state: state, seed: 3)
        let mix = state.mix!
        let used = Double(machine.pageCount - machine.freePages) / Double(machine.pageCount)
        let share = Double(mix.filled.numerator) / Double(mix.filled.denominator)
        #expect(used >= share && used < share + 0.05, "\(state): \(used)")
        let problems = machine.checkInvariants()
        #expect(problems.isEmpty)
    }
}
