@testable import PageBench
import Testing

/// Trace replay on synthetic traces (no root needed): the classification counts every
/// event under one rule, the replay runs on every layout with the invariant checker green
/// and leaves the machine with the memory it started with, and bad files are refused.
@Suite struct TraceReplayTests {
    /// A machine of 16 MiB, three quarters free, a quarter kernel pages.
    static let snapshot = Snapshot(facts: [("kernel", "test")], runs: [
        Snapshot.Run(.kernel, order: 10, count: 1), Snapshot.Run(.free, order: 10, count: 3),
    ])

    /// One event of every kind, each rule met at least once; what each should count.
    static func synthetic() -> (Trace, [TraceRule: Int]) {
        let strings = ["GFP_HIGHUSER_MOVABLE|__GFP_COMP", "GFP_KERNEL_ACCOUNT|__GFP_ZERO|__GFP_COMP", "GFP_KERNEL",
                       "kmalloc-64", "GFP_KERNEL|__GFP_COMP"]
        let movable: UInt64 = 0, table: UInt64 = 1, kernel: UInt64 = 2, cache: UInt64 = 3, slab: UInt64 = 4
        var e: [TraceEvent] = []
        // A file folio of order 2 at pfn 100 (file 1, indices 8-11), looked up and faulted.
        e.append(TraceEvent(.pageAlloc, cpu: 0, pid: 10, a: 100, b: 2, c: 1, d: movable))
        e.append(TraceEvent(.filemapAdd, cpu: 0, pid: 10, a: 100, b: 2, c: 1, d: 8))
        e.append(TraceEvent(.filemapGetPages, cpu: 0, pid: 10, a: 8, b: 11, c: 1))
        e.append(TraceEvent(.filemapMapPages, cpu: 1, pid: 11, a: 6, b: 9, c: 1))
        e.append(TraceEvent(.filemapFault, cpu: 1, pid: 11, a: 10, c: 1))
        // A lookup of a file cached before the recording.
        e.append(TraceEvent(.filemapFault, cpu: 1, pid: 11, a: 0, c: 2))
        // An anonymous THP and an order-0 anonymous folio.
        e.append(TraceEvent(.pageAlloc, cpu: 1, pid: 11, a: 512, b: 9, c: 1, d: movable))
        e.append(TraceEvent(.pageAlloc, cpu: 1, pid: 11, a: 7, b: 0, c: 1, d: movable))
        // A page table, and two pages of kernel memory.
        e.append(TraceEvent(.pageAlloc, cpu: 0, pid: 10, a: 200, b: 0, d: table))
        e.append(TraceEvent(.pageAlloc, cpu: 0, pid: 10, a: 300, b: 1, d: kernel))
        // A slab page: the next event on CPU 1 is the same task's kmem_cache_alloc.
        e.append(TraceEvent(.pageAlloc, cpu: 1, pid: 12, a: 400, b: 1, d: slab))
        e.append(TraceEvent(.cacheAlloc, cpu: 1, pid: 12, a: 1, b: 60, c: 64, d: cache))
        // A large kmalloc: 16 KiB of pages, then its kmalloc event.
        e.append(TraceEvent(.pageAlloc, cpu: 0, pid: 10, a: 600, b: 2, d: slab))
        e.append(TraceEvent(.kmalloc, cpu: 0, pid: 10, a: 2, b: 16000, c: 16384, d: kernel))
        e.append(TraceEvent(.kmalloc, cpu: 0, pid: 10, a: 3, b: 100, c: 128, d: kernel))
        // Frees: the folio (with free_unref_folios' marker), the page table, the slab page,
        // a pfn the trace never allocated, the objects, a NULL and an unknown object.
        e.append(TraceEvent(.filemapDelete, cpu: 0, pid: 10, a: 100, b: 2, c: 1, d: 8))
        e.append(TraceEvent(.pageFree, cpu: 0, pid: 10, a: 100, b: 2))
        e.append(TraceEvent(.pageFreeBatched, cpu: 0, pid: 10, a: 100))
        e.append(TraceEvent(.pageFree, cpu: 0, pid: 10, a: 200, b: 0))
        e.append(TraceEvent(.pageFree, cpu: 1, pid: 12, a: 400, b: 1))
        e.append(TraceEvent(.pageFree, cpu: 1, pid: 12, a: 999, b: 0))
        e.append(TraceEvent(.cacheFree, cpu: 1, pid: 12, a: 1, d: cache))
        e.append(TraceEvent(.kfree, cpu: 0, pid: 10, a: 2))
        e.append(TraceEvent(.kfree, cpu: 0, pid: 10, a: 0))
        e.append(TraceEvent(.kfree, cpu: 0, pid: 10, a: 77))
        e.append(TraceEvent(.pageFree, cpu: 0, pid: 10, a: 600, b: 2))
        // The rest: a collapse, a compaction scan, a migration, a kind from the future.
        e.append(TraceEvent(.collapse, cpu: 0, pid: 10, a: 1, b: 2))
        e.append(TraceEvent(.compactionMigrateScan, cpu: 0, pid: 10, a: 1000, b: 1512, c: 512, d: 3))
        e.append(TraceEvent(.migratePages, cpu: 0, pid: 10, a: 3))
        e.append(TraceEvent(rawKind: 200, cpu: 0, pid: 10, deltaMicroseconds: 0, a: 1, b: 2, c: 3, d: 4))
        let expected: [TraceRule: Int] = [
            .fileFolio: 1, .anonFolio: 2, .pageTable: 1, .kernelPages: 1, .slabPage: 1, .largeKmalloc: 1,
            .cacheAdd: 1, .cacheDelete: 1, .lookup: 3, .lookupResident: 1,
            .slabAlloc: 2, .slabAllocLarge: 1, .slabFree: 1, .slabFreeLarge: 1, .slabFreeOther: 1, .kfreeNull: 1,
            .pageFree: 3, .batchedFree: 1, .slabPageFree: 1, .otherPageFree: 1,
            .collapse: 1, .compactionScan: 1, .migrate: 1, .unknown: 1,
        ]
        return (Trace(facts: [("command", "synthetic")], strings: strings, snapshot: snapshot, events: e), expected)
    }

    @Test func everyEventIsCountedUnderItsRule() {
        let (trace, expected) = Self.synthetic()
        let classifier = TraceClassifier(trace)
        for rule in TraceRule.allCases {
            #expect(classifier.classification[rule] == expected[rule] ?? 0, "\(rule.rawValue)")
        }
        #expect(classifier.classification.total == trace.events.count)
    }

    @Test func programsHoldTheOperations() {
        let (trace, _) = Self.synthetic()
        let replay = ReplayTrace(name: "synthetic", trace: trace)
        let all = replay.program(.all)
        // Allocations: 3 folios, 1 page table, 2 untyped blocks, 2 kmallocs; every one freed
        // once, by its event or the teardown; one scan.
        #expect(all.count(of: .folioAlloc) == 3 && all.count(of: .folioFree) == 3)
        #expect(all.count(of: .pageTableAlloc) == 1 && all.count(of: .pageTableFree) == 1)
        #expect(all.count(of: .untypedAlloc) == 2 && all.count(of: .untypedFree) == 2)
        #expect(all.count(of: .kmalloc) == 2 && all.count(of: .kfree) == 2)
        // Lookups: get_pages and map_pages one folio each (map_pages' pages 6 and 7 were
        // cached before: stand-ins, one lookup each), the two faults.
        #expect(all.count(of: .lookup) == 6 && all.count(of: .scan) == 1)
        #expect(all.residentFolios.count == 3)
        #expect(replay.program(.lookups).residentFolios.count == 4)
        #expect(replay.program(.pages).count + replay.program(.slab).count + replay.program(.lookups).count
                + replay.program(.scans).count == all.count)
    }

    /// `events=lookups` holds as many resident folios at once as the trace held live: two
    /// file folios, one after the other, each looked up, share one.
    @Test func lookupsShareResidentFolios() {
        var e: [TraceEvent] = []
        for (pfn, file) in [(100, 1), (200, 2)] as [(UInt64, UInt64)] {
            e.append(TraceEvent(.pageAlloc, cpu: 0, pid: 1, a: pfn, b: 0, c: 1, d: 0))
            e.append(TraceEvent(.filemapAdd, cpu: 0, pid: 1, a: pfn, b: 0, c: file, d: 0))
            e.append(TraceEvent(.filemapFault, cpu: 0, pid: 1, a: 0, c: file))
            e.append(TraceEvent(.filemapDelete, cpu: 0, pid: 1, a: pfn, b: 0, c: file, d: 0))
            e.append(TraceEvent(.pageFree, cpu: 0, pid: 1, a: pfn, b: 0))
        }
        let trace = Trace(facts: [], strings: ["GFP_HIGHUSER_MOVABLE"], snapshot: Self.snapshot, events: e)
        let lookups = ReplayTrace(name: "t", trace: trace).program(.lookups)
        #expect(lookups.count(of: .lookup) == 2)
        #expect(lookups.residentFolios.count == 1)
    }

    /// The replay on every layout, through the runner with `verify` (the invariant checker
    /// after the untimed replay and after the timed ones): every selection's row, no
    /// allocation failing, every lookup finding its folio, the free memory of `events=all` and `pages` backed.
    @Test(arguments: LayoutID.allCases) func replaysOnEveryLayout(_ id: LayoutID) throws {
        let (trace, _) = Self.synthetic()
        var configuration = BenchmarkConfiguration(layouts: [id], workloads: [.trace], arenaBytes: 16 << 20,
                                                   plan: HarnessTests.tinyPlan, quick: true, hugePageMemmap: false,
                                                   verify: true, references: true)
        configuration.traces = [ReplayTrace(name: "synthetic", trace: trace)]
        var rows: [BenchmarkResult] = []
        try BenchmarkRunner(configuration).run(progress: { _ in }) { rows.append($0) }
        for events in ReplayEvents.allCases {
            let row = rows.first { $0.layout == id.rawValue && $0.variant.hasSuffix("events=\(events.rawValue)") }
            #expect(row != nil, "\(events)")
            guard events != .dispatch else { continue }
            #expect(row?.counters.first { $0.name == .failures }?.value == 0, "\(events)")
            #expect(row?.counters.first { $0.name == .lookupMisses }?.value == 0, "\(events)")
            // The free memory of `events=all` and `pages` was backed before the timing: what the
            // snapshot's three free blocks kept free of the resident folios and the descriptor
            // pageblocks.
            let backed = row?.counters.first { $0.name == .backedFreePages }?.value
            let backs = events == .all || events == .pages
            #expect(backs ? (1...Double(3 << PageGeometry.maxOrder)).contains(backed ?? 0) : backed == nil, "\(events)")
            #expect(row?.counters.first { $0.name == .residentDataPages }?.value ?? 0 >= backed ?? 0, "\(events)")
        }
        #expect(rows.contains { $0.layout == "jemalloc" && $0.variant.hasSuffix("events=all") })
    }

    /// A trace's `slab` and `pages` rows take twice the rounds, its `lookups` four times, its
    /// other selections the run's plan.
    @Test func scatteredSelectionsTakeMoreRounds() {
        let run = TimingPlan(rounds: 6, reps: 3)
        let variants = ReplayTrace(name: "synthetic", trace: Self.synthetic().0).variants
        let expected = ["slab": 12, "pages": 12, "lookups": 24]
        #expect(Set(expected.keys).isSubset(of: variants.compactMap { $0.parameter("events") }))
        for variant in variants {
            let plan = WorkloadID.trace.plan(run, variant)
            #expect(plan.rounds == expected[variant.parameter("events") ?? "", default: 6], "\(variant.name)")
            #expect(plan.reps == 3)
        }
    }

    /// A replay's pieces are its operations in order, each once, in runs whose lengths
    /// differ by at most one, for programs shorter and longer than the pieces are many.
    @Test func piecesCoverTheProgramInOrder() {
        for count in [0, 1, 15, 16, 17, 100, 1_180_227] {
            let pieces = (0..<TraceReplay.pieces).map { TraceReplay.piece($0, of: count) }
            #expect(pieces.first?.lowerBound == 0 && pieces.last?.upperBound == count, "\(count)")
            #expect(zip(pieces, pieces.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound }, "\(count)")
            let lengths = pieces.map(\.count)
            #expect(lengths.max()! - lengths.min()! <= 1, "\(count)")
        }
    }

    /// A replay frees what it allocated: once the caches give back their empty slabs, the
    /// free pages after one batch are those before it.
    @Test(arguments: [LayoutID.legacy64, .interim32, .memdesc8]) func replayLeavesTheMemoryItFound(_ id: LayoutID) throws {
        try Self.expectCleanReplay(of: Self.synthetic().0, on: id)
    }

    /// A cut trace (`trace-cut`, how the committed build trace was made short enough to
    /// commit) replays as cleanly as the whole one, wherever the cut falls: what the cut-off
    /// tail would have freed, the teardown frees.
    @Test(arguments: [LayoutID.legacy64, .memdesc8]) func everyCutOfATraceReplaysCleanly(_ id: LayoutID) throws {
        let trace = Self.synthetic().0
        for count in 0...trace.events.count {
            let cut = trace.prefix(count)
            #expect(cut.events == Array(trace.events.prefix(count)) && cut.snapshot == trace.snapshot)
            #expect(cut.fact("cut")?.hasPrefix("the first \(count) of \(trace.events.count) events recorded") == true)
            try Self.expectCleanReplay(of: cut, on: id)
        }
    }

    /// One batch of `trace`'s full replay on a fresh machine of `id`: memory as found, no
    /// failure, no lookup miss, a sound machine.
    static func expectCleanReplay(of trace: Trace, on id: LayoutID) throws {
        struct Check: LayoutVisitor {
            let trace: Trace
            mutating func visit<L: PageLayout>(_: L.Type) -> Result<Void, any Error> {
                Result {
                    let box = try MachineBox<L>(pageCount: 4096, hugePageMemmap: false)
                    _ = FilledMachine(box.machine, replaying: TraceReplayTests.snapshot)
                    var batch = TraceReplay.Replay<L, OnMachine>(machine: box.ref, program: ReplayTrace(name: "t", trace: trace).program(.all))
                    batch.allocateResidentFolios()
                    box.machine.shrink()
                    let free = box.machine.freePages
                    _ = batch.runBatch()
                    box.machine.shrink()
                    #expect(box.machine.freePages == free, "\(L.name)")
                    // The stand-ins' lookups find them: a lookup with no folio is a miss.
                    #expect(batch.failures == 0 && batch.residentFailures == 0 && batch.misses == 0, "\(L.name)")
                    expectSound(box.machine)
                }
            }
        }
        var check = Check(trace: trace)
        try id.visit(&check).get()
    }

    @Test func badFilesAreRefused() throws {
        let (trace, _) = Self.synthetic()
        let bytes = trace.encoded()
        #expect(try Trace(decoding: bytes) == trace)
        #expect(throws: TraceError.self) { try Trace(decoding: Array(bytes.dropLast(5))) }
        #expect(throws: TraceError.self) { try Trace(decoding: Array(bytes.prefix(10))) }
        #expect(throws: TraceError.self) { try Trace(decoding: Array("struct-page-bench snapshot 1\n".utf8)) }
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0xff
        #expect(throws: TraceError.self) { try Trace(decoding: flipped) }
    }

    /// No single-bit flip after the magic line decodes as another trace: zstd's frame
    /// checksum (without it, flips in the frame's literals decoded as other events, 5 of 20).
    /// A flip in bits the decoder does not read (a window size it does not need) changes nothing.
    @Test func noFlippedBitDecodesAsAnotherTrace() {
        let trace = Self.synthetic().0
        let bytes = trace.encoded()
        var unnoticed: [Int] = []
        for i in Trace.magic.count..<bytes.count {
            var flipped = bytes
            flipped[i] ^= 1 << UInt8(i % 8)
            if let decoded = try? Trace(decoding: flipped), decoded != trace { unnoticed.append(i) }
        }
        #expect(unnoticed.isEmpty, "flips at bytes \(unnoticed) decode as another trace")
    }
}
