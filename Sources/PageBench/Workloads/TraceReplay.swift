import CJemalloc

/// `trace`: a recorded trace (`benchmarks record`, `run --trace FILE`) replayed on the
/// machine its snapshot describes. A batch is the whole trace, its teardown last, so every
/// batch starts from the same memory, timed in `pieces` turns; ns per replayed operation.
/// One row per selection of the operations (`ReplayEvents`): all of them, then each kind
/// alone, then the replay loop with no machine behind it (what the harness itself costs).
enum TraceReplay: Workload {
    static let summary = "replay a recorded trace (run --trace FILE) on its snapshot's machine: every page allocation, free, slab event, page-cache lookup and compaction scan in the recorded order; ns per replayed operation, per selection of operations (events=all, pages, slab, lookups, scans; dispatch = the loop without the machine)."
    static let hasJemalloc = true

    /// Variants come from the traces of the run (`ReplayTrace.variants`).
    static func variants(quick _: Bool) -> [WorkloadVariant] { [] }

    /// More rounds where the paired rounds scatter, fixed from earlier runs (README, "Rounds
    /// where the scatter is"; the measure: standard deviation of the per-round log ratios to
    /// `legacy64`, median over the layouts). `slab`: the file server's scattered by 5.9 to
    /// 12.1 % in the six committed twelve-layout runs in pieces before `7275d92`, and 6 rounds
    /// left 7 to 11 of its 11 ratios past ±5 % in every run. `pages`, backed since `e25c943`:
    /// 1.9 to 6.1 % layout by layout on the file server in the quiet run of
    /// results/backed-pages/ (after-1), up to ±6.7 % at 6 rounds. `lookups`: the file server's
    /// by 7.8 and 7.8 % in the two twelve-layout runs of results/doubled-pages/ and 6.9 % in
    /// the path run at `b16e13d` (2.3 and 4.0 % in the two others), which 12 rounds would
    /// still turn into about ±5 % for the median layout and 24 into about ±3.3 %; its rounds
    /// take about 2.5 s for twelve machines. The build's `lookups` get the rounds too.
    static let roundFactors: [ReplayEvents: Int] = [.slab: 2, .pages: 2, .lookups: 4]

    static func plan(_ run: TimingPlan, _ variant: WorkloadVariant) -> TimingPlan {
        guard let events = variant.parameter("events").flatMap(ReplayEvents.init(rawValue:)),
              let factor = roundFactors[events] else { return run }
        return run.scaled(rounds: factor)
    }

    static func selection(_ variant: WorkloadVariant, _ setup: Setup) -> (ReplayTrace, ReplayEvents)? {
        guard let name = variant.parameter("trace"), let trace = setup.traces[name],
              let events = variant.parameter("events").flatMap(ReplayEvents.init(rawValue:)) else { return nil }
        return (trace, events)
    }

    static func prepare<L: PageLayout>(_ box: MachineBox<L>, _ variant: WorkloadVariant,
                                       _ setup: Setup) throws(BenchmarkError) -> [PreparedRow] {
        guard let (trace, events) = selection(variant, setup) else { return [] }
        let program = trace.program(events)
        let counters = [Counter(.traceEvents, trace.eventCount), Counter(.replayOps, program.count)]
        if events == .dispatch {
            var batch = Replay<L, DryRun>(machine: box.ref, program: program)
            batch.allocateResidentFolios()
            return [.layout(batch, on: box, note: "the replay loop without the machine") { _ in counters }]
        }
        var batch = Replay<L, OnMachine>(machine: box.ref, program: program)
        batch.allocateResidentFolios()
        // `events=all` writes pages for the first time pass after pass, and so, by all signs,
        // does `pages` on the `-freemem` layouts (the file server's: warm-ups up to the 1 s
        // cap, repetitions up to 7x apart; results/backed-pages/); the build trace's `slab`
        // alone stops after its second pass, inside the warm-up (results/first-touch/).
        var backed: [Counter] = []
        if events == .all || events == .pages {
            backed = [Counter(.backedFreePages, box.machine.backFreeMemory(topOrderBlocks: backedTopOrderBlocks))]
        }
        let timeline = events == .lookups ? [] : batch.replayMeasuringMetadata()
        try setup.check(box.machine, "after an untimed replay")
        return [.layout(batch, on: box, checking: setup) {
            counters + timeline + backed + [Counter(.failures, Double($0.batch.failures) / Double(max($0.batch.replays, 1))
                                                      + Double($0.batch.residentFailures)),
                                   Counter(.lookupMisses, Double($0.batch.misses) / Double(max($0.batch.replays, 1)))]
        }]
    }

    static func prepareJemalloc(_ variant: WorkloadVariant, _ setup: Setup) -> PreparedRow? {
        guard let (trace, events) = selection(variant, setup), [.all, .pages, .slab].contains(events) else { return nil }
        let program = trace.program(events)
        return .jemalloc(JemallocReplay(program: program), pageCount: setup.pageCount)
    }
}

extension TraceReplay {
    /// Top-order free blocks a replay backs before it is timed (`backFreeMemory`), 512 MiB
    /// of them: with 64, untimed passes of the build trace on `legacy64` still wrote 102 to 306
    /// pages for the first time, with 128 at most 69 (the file server's, with 64, at most 5;
    /// results/first-touch/pass-faults.txt).
    static let backedTopOrderBlocks = 128

    /// Pieces a replay is timed in (`TimedBatch.pieces`), one place of `TurnPlaces` each.
    static let pieces = TurnPlaces.count

    /// The operations of piece `k` of a program of `count`: `pieces` runs of (nearly)
    /// equal length, in order.
    @inline(__always)
    static func piece(_ k: Int, of count: Int) -> Range<Int> {
        k * count / pieces ..< (k + 1) * count / pieces
    }
}

/// Whether a replay calls the machine (`OnMachine`) or only runs its own loop (`DryRun`).
protocol ReplayMode { static var callsMachine: Bool { get } }
enum OnMachine: ReplayMode { static var callsMachine: Bool { true } }
enum DryRun: ReplayMode { static var callsMachine: Bool { false } }

extension TraceReplay {
    /// The replay of one program on one machine. Slot tables in memory of its own: each
    /// allocation's handle (memdesc, object pointer, or untyped pfn + 1; 0 when it failed
    /// or is freed) and its first pfn.
    struct Replay<L: PageLayout, Mode: ReplayMode>: PiecewiseBatch, ~Copyable {
        let machine: MachineRef<L>
        /// Held so that `ops` stays allocated as long as the batch; `ops` and `count` are
        /// copied out of it so that the timed loop does not go through a class reference.
        let program: ReplayProgram
        let ops: UnsafePointer<ReplayOp>
        let count: Int
        let handles: UnsafeMutablePointer<UInt>
        let pfns: UnsafeMutablePointer<Int>
        var failures = 0
        /// Resident folios that could not be allocated: their lookups count as misses.
        var residentFailures = 0
        var misses = 0
        var replays = 0

        init(machine: MachineRef<L>, program: ReplayProgram) {
            self.machine = machine
            self.program = program
            ops = UnsafePointer(program.ops)
            count = program.count
            handles = .allocate(capacity: max(program.slotCount, 1))
            handles.initialize(repeating: 0, count: max(program.slotCount, 1))
            pfns = .allocate(capacity: max(program.slotCount, 1))
            pfns.initialize(repeating: 0, count: max(program.slotCount, 1))
        }

        /// The resident folios stay in the machine: the round discards it with its box.
        deinit {
            handles.deallocate()
            pfns.deallocate()
        }

        var opsPerBatch: Int { count }
        static var pieces: Int { TraceReplay.pieces }

        mutating func runPiece(_ k: Int) -> UInt64 {
            if k == 0 { replays += 1 }
            let range = TraceReplay.piece(k, of: count)
            return run(range.lowerBound, range.upperBound)
        }

        /// The program's resident folios, allocated once, untimed, and kept.
        mutating func allocateResidentFolios() {
            for (slot, order) in program.residentFolios {
                guard Mode.callsMachine else { handles[Int(slot)] = 1; continue }
                guard let f = machine.pointee.folioAlloc(order: Int(order)) else { residentFailures += 1; continue }
                handles[Int(slot)] = f.raw
                pfns[Int(slot)] = machine.pointee.layout.headPFN(of: f)
            }
        }

        /// One untimed replay, with the machine's metadata per page read at the start, 64
        /// times on the way, and when the trace ends (before its teardown).
        mutating func replayMeasuringMetadata() -> [Counter] {
            let start = machine.pointee.metadata.bytesPerPage
            var peak = start
            let teardownStart = program.teardownStart
            let step = max(teardownStart / 64, 1)
            var i = 0
            while i < teardownStart {
                let next = min(i + step, teardownStart)
                _ = run(i, next)
                peak = max(peak, machine.pointee.metadata.bytesPerPage)
                i = next
            }
            let end = machine.pointee.metadata.bytesPerPage
            _ = run(teardownStart, count)
            failures = 0
            misses = 0
            return [Counter(.metadataStart, start), Counter(.metadataPeak, peak), Counter(.metadataEnd, end)]
        }

        /// Operations `from..<to`.
        @inline(__always)
        mutating func run(_ from: Int, _ to: Int) -> UInt64 {
            var sum: UInt64 = 0
            var i = from
            while i < to {
                let op = ops[i]
                let s = Int(op.slot)
                if Mode.callsMachine {
                    sum &+= apply(op, s)
                } else {
                    sum &+= dry(op, s, i)
                }
                i &+= 1
            }
            return sum
        }

        @inline(__always)
        mutating func apply(_ op: ReplayOp, _ s: Int) -> UInt64 {
            let m = machine
            switch op.code {
            case .folioAlloc, .pageTableAlloc:
                let md = op.code == .folioAlloc ? m.pointee.folioAlloc(order: Int(op.order)) : m.pointee.ptAlloc()
                guard let md else { failures &+= 1; return 0 }
                handles[s] = md.raw
                pfns[s] = m.pointee.layout.headPFN(of: md)
                return UInt64(md.raw)
            case .untypedAlloc:
                guard let pfn = m.pointee.allocateUntypedBlock(order: Int(op.order)) else { failures &+= 1; return 0 }
                handles[s] = UInt(pfn) &+ 1
                return UInt64(pfn)
            case .kmalloc:
                guard let p = m.pointee.slab.allocate(m.pointee.cache(Int(op.arg))) else { failures &+= 1; return 0 }
                handles[s] = UInt(bitPattern: p)
                return UInt64(UInt(bitPattern: p))
            case .folioFree, .pageTableFree, .untypedFree, .kfree:
                let h = handles[s]
                guard h != 0 else { return 0 }
                handles[s] = 0
                switch op.code {
                case .folioFree: m.pointee.folioPut(Memdesc(raw: h))
                case .pageTableFree: m.pointee.free(Memdesc(raw: h))
                case .untypedFree: m.pointee.freeUntyped(Int(h &- 1), order: Int(op.order))
                default: m.pointee.kfree(UnsafeMutableRawPointer(bitPattern: h).unsafelyUnwrapped)
                }
                return UInt64(h)
            case .lookup:
                // A lookup's folio is live in the trace: no handle means its allocation failed.
                guard handles[s] != 0 else { misses &+= 1; return 0 }
                guard let folio = m.pointee.folioTryGet(pfn: pfns[s] &+ Int(op.arg)) else { misses &+= 1; return 0 }
                m.pointee.folioPut(folio)
                return UInt64(folio.raw)
            case .scan:
                let n = m.pointee.pageCount
                let start = Int(op.slot) % n
                return LookupScan.walk(m.pointee.layout, from: start, to: min(start &+ Int(op.arg), n))
            }
        }

        /// The same bookkeeping with stand-ins for the machine's answers.
        @inline(__always)
        func dry(_ op: ReplayOp, _ s: Int, _ i: Int) -> UInt64 {
            switch op.code {
            case .folioAlloc, .pageTableAlloc, .untypedAlloc, .kmalloc:
                handles[s] = UInt(i) | 1
                pfns[s] = i
                return UInt64(i)
            case .folioFree, .pageTableFree, .untypedFree, .kfree:
                let h = handles[s]
                guard h != 0 else { return 0 }
                handles[s] = 0
                return UInt64(h)
            case .lookup:
                guard handles[s] != 0 else { return 0 }
                return UInt64(pfns[s] &+ Int(op.arg))
            case .scan:
                return UInt64(op.arg)
            }
        }
    }

    /// jemalloc replaying the same allocation stream: pages as page-aligned blocks of their
    /// size, slab objects as blocks of their kmalloc size; lookups and scans have no
    /// counterpart and are skipped (the `all` row is not comparable to the layouts' for them).
    struct JemallocReplay: PiecewiseBatch, ~Copyable {
        let ops: UnsafePointer<ReplayOp>
        let count: Int
        let program: ReplayProgram
        let blocks: UnsafeMutablePointer<UnsafeMutableRawPointer?>
        let sizes: UnsafeMutablePointer<Int>
        /// `CacheIndex.kmallocSizes` in memory of its own: the timed loop reads no Swift array.
        let kmallocBytes: UnsafeMutablePointer<Int>

        init(program: ReplayProgram) {
            self.program = program
            ops = UnsafePointer(program.ops)
            count = program.count
            blocks = .allocate(capacity: max(program.slotCount, 1))
            blocks.initialize(repeating: nil, count: max(program.slotCount, 1))
            sizes = .allocate(capacity: max(program.slotCount, 1))
            sizes.initialize(repeating: 0, count: max(program.slotCount, 1))
            kmallocBytes = .allocate(capacity: CacheIndex.kmallocSizes.count)
            kmallocBytes.initialize(from: CacheIndex.kmallocSizes, count: CacheIndex.kmallocSizes.count)
        }

        deinit {
            // Every batch ends with its teardown: nothing is left but on a failed run.
            for s in 0..<max(program.slotCount, 1) where blocks[s] != nil { pb_free(blocks[s]) }
            blocks.deallocate()
            sizes.deallocate()
            kmallocBytes.deallocate()
        }

        var opsPerBatch: Int { count }
        static var pieces: Int { TraceReplay.pieces }

        mutating func runPiece(_ k: Int) -> UInt64 {
            var sum: UInt64 = 0
            for i in TraceReplay.piece(k, of: count) {
                let op = ops[i]
                let s = Int(op.slot)
                switch op.code {
                case .folioAlloc, .pageTableAlloc, .untypedAlloc, .kmalloc:
                    let size = op.code == .kmalloc ? kmallocBytes[Int(op.arg) &- CacheIndex.firstKmalloc]
                        : PageGeometry.pageSize << Int(op.order)
                    let p = pb_mallocx_aligned(size, op.code == .kmalloc ? 8 : PageGeometry.pageSize)
                    blocks[s] = p
                    sizes[s] = size
                    sum &+= UInt64(UInt(bitPattern: p))
                case .folioFree, .pageTableFree, .untypedFree, .kfree:
                    guard let p = blocks[s] else { continue }
                    pb_sdallocx_aligned(p, sizes[s], op.code == .kfree ? 8 : PageGeometry.pageSize)
                    blocks[s] = nil
                case .lookup, .scan:
                    continue
                }
            }
            return sum
        }
    }
}
