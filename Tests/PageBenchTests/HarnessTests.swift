import BenchOutput
import CFloor
@testable import PageBench
import Testing

/// The harness measures what it says: the floor mirrors each layout, every workload
/// produces its rows on every layout, and an A/A run comes out at 1.
@Suite("Harness")
struct HarnessTests {
    @Test func swiftAndCGeneratorsAgree() {
        var swift = WorkloadRandom(seed: 42)
        var c = WorkloadRandom(seed: 42).state
        for _ in 0..<10_000 {
            #expect(UInt64(swift.below(1_000_003)) == floor_below(&c, 1_000_003))
        }
    }

    /// Same machine, same pfn sequence: the layout's lookups and the C floor's read the same
    /// `_refcount`s, so one batch of each yields the same sum, in both modes.
    @Test(arguments: LayoutID.allCases)
    func floorMirrorsTheLayout(_ id: LayoutID) throws {
        var visitor = FloorAgreement()
        try id.visit(&visitor).get()
    }

    struct FloorAgreement: LayoutVisitor {
        mutating func visit<L: PageLayout>(_: L.Type) -> Result<Void, any Error> {
            Result {
                let machine = try Machine<L>(pageCount: 8192, hugePageMemmap: false)
                _ = FilledMachine(machine, state: .halfFull, seed: 7)
                withUnsafePointer(to: machine) { ref in
                    Self.expectAgreement(ref, Throughput.self)
                    Self.expectAgreement(ref, Latency.self)
                }
            }
        }

        static func expectAgreement<L: PageLayout, M: LookupMode>(_ ref: MachineRef<L>, _: M.Type) {
            var layout = LookupRandom.Pages<L, M>(machine: ref, random: WorkloadRandom(seed: 3))
            var floor = LookupRandom.Floor<L, M>(machine: ref, random: WorkloadRandom(seed: 3))
            let (a, b) = (layout.runBatch(), floor.runBatch())
            #expect(a == b, "\(L.name) \(M.name): layout \(a), floor \(b)")
            #expect(a != 0)
        }
    }

    static let tinyPlan = TimingPlan(rounds: 2, reps: 2, targetRepNanoseconds: 100_000)

    /// The workloads whose rounds scatter most take twice the rounds, `concurrent-tryget`
    /// also 5 repetitions, `alloc-free` only for THPs; the others the run's plan (README,
    /// "Rounds where the scatter is").
    @Test func scatteredWorkloadsTakeTwiceTheRounds() {
        let run = TimingPlan(rounds: 6, reps: 3)
        let doubled: Set<WorkloadID> = [.lookupRandom, .lookupScan, .allocFreeMixed, .kmallocKfree, .concurrentTryGet, .slabFolio, .freeList]
        for workload in WorkloadID.allCases {
            for variant in workload.variants(quick: false) {
                let plan = workload.plan(run, variant)
                let twice = doubled.contains(workload) || (workload == .allocFree && variant.order == 9)
                #expect(plan.rounds == (twice ? 12 : 6), "\(workload) \(variant.name)")
                #expect(plan.reps == (workload == .concurrentTryGet ? 5 : 3), "\(workload)")
                #expect(plan.targetRepNanoseconds == run.targetRepNanoseconds)
            }
        }
    }

    /// The sidecar lists the plans that depart from the run's, per variant where a workload's
    /// variants differ, in every state the run has, and not the variants no arena has room for
    /// (1024 THPs in 4 GiB, or 64 in a full one).
    @Test func theSidecarListsThePlansThatDepart() {
        let listing = WorkloadID.plans(of: [.allocFree, .kmallocKfree, .slabFolio, .compactionScan], departingFrom: TimingPlan(rounds: 6, reps: 3),
                                       quick: false, states: [.halfFull, .fullOrder0], traces: [], pageCounts: [1 << 20])
        let entries = Set(listing.split(separator: " ").map(String.init))
        // full-order0 leaves room for 16 THPs, not 64.
        let thp = [1, 16, 64].map { "alloc-free[state=half-full;order=9;batch=\($0)]=12x3" }
            + [1, 16].map { "alloc-free[state=full-order0;order=9;batch=\($0)]=12x3" }
        #expect(entries == Set(thp + ["kmalloc-kfree=12x3", "slab-folio=12x3"]), "\(listing)")
    }

    @Test func runnerProducesEveryRow() throws {
        let configuration = BenchmarkConfiguration(arenaBytes: 32 << 20, plan: Self.tinyPlan, seed: 5, quick: false,
                                                   hugePageMemmap: false, verify: true, references: true)
        var rows: [BenchmarkResult] = []
        var skipped: [String] = []
        try BenchmarkRunner(configuration).run(progress: { if $0.hasPrefix("skip") { skipped.append($0) } }) { rows.append($0) }

        var expectedSkips = 0
        for workload in WorkloadID.synthetic {
            for variant in workload.variants(quick: false) {
                // 8192 pages, half of them left free by the half-full state: batches of 16 THPs
                // or of 64 HugeTLB folios, 1024 order-3 folios, and split-collapse's 8 THPs do
                // not fit.
                guard workload.skipReason(variant, pageCount: configuration.pageCount) == nil else { expectedSkips += 1; continue }
                let floorPrefix = variant.name.isEmpty ? "layout=" : variant.name + ";layout="
                let mine = rows.filter { $0.workload == workload && ($0.variant == variant.name || $0.variant.hasPrefix(floorPrefix)) }
                for id in LayoutID.allCases {
                    #expect(mine.contains { $0.layout == id.rawValue }, "\(workload.rawValue) \(variant.name) \(id)")
                    if workload.hasFloor {
                        #expect(mine.contains { $0.layout == "floor" && $0.variant.hasSuffix("layout=\(id.rawValue)") })
                    }
                }
                #expect(mine.contains { $0.layout == "jemalloc" } == workload.hasJemalloc)
            }
        }
        #expect(skipped.count == expectedSkips && expectedSkips == 7, "\(skipped)")
        for row in rows {
            // The scattered workloads take twice the rounds, concurrent-tryget 5 repetitions.
            let variant = row.workload.variants(quick: false).first { row.variant == $0.name || row.variant.hasPrefix($0.name + ";") }
            let plan = row.workload.plan(Self.tinyPlan, try #require(variant, "\(row.workload) \(row.variant)"))
            #expect(row.rounds.map(\.round) == Array(0..<plan.rounds), "\(row.layout) \(row.workload)")
            #expect(row.rounds.allSatisfy { $0.opsPerRep % row.opsPerBatch == 0 })
            #expect(row.rounds.allSatisfy { $0.nsPerOp.count == plan.reps && RoundValue.current.of($0.nsPerOp) > 0 && $0.opsPerRep > 0 })
            #expect(row.metadataBytesPerPage > 0)
            if let layout = LayoutID(rawValue: row.layout)?.type {
                // HVO keeps one memmap page of eight for a HugeTLB folio.
                let least = layout.pageDescriptorSize / (layout.hugeTLBVmemmapOptimization ? 8 : 1)
                #expect(row.metadataBytesPerPage >= Double(least), "\(row.layout) \(row.workload)")
            }
        }
    }

    /// Every workload runs in every machine state, on the machine that state built: the
    /// invariant checker is green after set-up and run (`verify`), and a memdesc layout's
    /// bill shows the state (full of order-0 folios: more than `legacy64`'s 64 B/page; half
    /// full of mostly THPs: well under it). Only batches the state leaves no room for skip.
    @Test func everyWorkloadRunsInEveryState() throws {
        let states: [MachineState] = MachineState.builtIn + [.replay(name: "idle", snapshot: try StateTests.committed("idle"))]
        let layouts: [LayoutID] = [.legacy64, .chead16, .twoword16Bitmap]
        let configuration = BenchmarkConfiguration(layouts: layouts, arenaBytes: 96 << 20, states: states, plan: Self.tinyPlan,
                                                   seed: 7, quick: false, hugePageMemmap: false, verify: true, references: false)
        var rows: [BenchmarkResult] = []
        try BenchmarkRunner(configuration).run(progress: { _ in }) { rows.append($0) }
        for workload in WorkloadID.synthetic {
            for state in states {
                let variants = workload.variants(quick: false, states: [state])
                    .filter { workload.skipReason($0, pageCount: configuration.pageCount) == nil }
                // Split and collapse needs 8 THPs: more than full-order0 leaves free of 96 MiB.
                #expect(!variants.isEmpty || (workload == .splitCollapse && state == .fullOrder0), "\(workload.rawValue) \(state)")
                for variant in variants {
                    for id in layouts {
                        #expect(rows.contains { $0.workload == workload && $0.variant == variant.name && $0.layout == id.rawValue },
                                "\(workload.rawValue) \(variant.name) \(id)")
                    }
                }
            }
        }
        // The runner built the state for kmalloc-kfree, which does not build it itself: its
        // rows carry the set-up's counters, and the bill shows the state (filled twice, the
        // half-full machine would be full, its bill far above 40).
        for state in states {
            let row = rows.first { $0.workload == .kmallocKfree && $0.layout == "chead16" && $0.variant.hasPrefix("state=\(state);") }
            let allocations = row?.counters.first { $0.name == .setupPageAllocations }?.value ?? 0
            #expect(allocations > 0, "\(state)")
        }
        let bill = { (state: MachineState) in
            rows.first { $0.workload == .kmallocKfree && $0.layout == "chead16" && $0.variant.hasPrefix("state=\(state);") }?
                .metadataBytesPerPage ?? 0
        }
        #expect(bill(.fullOrder0) > 80)
        #expect(bill(.halfFull) < 40)
    }

    /// `split-collapse op=split-no-memory`: with memory full (free pages of the descriptor
    /// pageblocks included) every split of a memdesc layout fails, and `legacy64`'s succeed.
    /// Before the pageblocks were filled too, the memdesc layouts' splits all succeeded.
    @Test func splitsFailWhenMemoryIsFull() throws {
        let configuration = BenchmarkConfiguration(layouts: [.legacy64, .chead16, .twoword16Bitmap], workloads: [.splitCollapse],
                                                   arenaBytes: 128 << 20, plan: Self.tinyPlan, seed: 8, quick: false,
                                                   hugePageMemmap: false, verify: true, references: false)
        var rows: [BenchmarkResult] = []
        try BenchmarkRunner(configuration).run(progress: { _ in }) { if $0.variant.hasSuffix("op=split-no-memory") { rows.append($0) } }
        #expect(rows.count == 3)
        for row in rows {
            let attempts = row.counters.first { $0.name == .attempts }?.value ?? 0
            let failed = row.counters.first { $0.name == .failed }?.value ?? -1
            #expect(attempts > 0, "\(row.layout)")
            #expect(failed == (row.layout == "legacy64" ? 0 : attempts), "\(row.layout): \(failed) of \(attempts) failed")
        }
    }

    /// `--check-pages`: every workload runs in every layout with the page checks on, finds no
    /// bad page (`--verify` reports one), and its rows say the checks were on.
    @Test func everyWorkloadPassesThePageChecks() throws {
        let configuration = BenchmarkConfiguration(arenaBytes: 32 << 20, plan: Self.tinyPlan, seed: 6, quick: false,
                                                   hugePageMemmap: false, verify: true, references: false, checkPages: true)
        var rows: [BenchmarkResult] = []
        try BenchmarkRunner(configuration).run(progress: { _ in }) { rows.append($0) }
        #expect(rows.count > 100)
        for row in rows { #expect(row.note.contains("check_pages_enabled on"), "\(row.layout) \(row.workload)") }
    }

    /// `--huge-arena`: the allocators run as before on simulated memory advised for huge
    /// pages (`--verify` checks every machine), and the rows say so; without it, none does.
    @Test func hugeArenaRowsSaySo() throws {
        for huge in [true, false] {
            let configuration = BenchmarkConfiguration(layouts: [.chead16FreeMemory, .memdesc8FreeMemory, .legacy64],
                                                       workloads: [.freeList, .kmallocKfree], arenaBytes: 32 << 20,
                                                       plan: Self.tinyPlan, seed: 7, quick: true, hugePageMemmap: false,
                                                       verify: true, references: false, hugePageArena: huge)
            var rows: [BenchmarkResult] = []
            try BenchmarkRunner(configuration).run(progress: { _ in }) { rows.append($0) }
            #expect(rows.count >= 6)
            for row in rows {
                #expect(row.note.contains("memory on huge pages") == huge, "\(row.layout) \(row.workload) \(huge)")
            }
        }
    }

    /// With `--huge-arena` a machine may back its whole arena (every 2 MiB written counts
    /// whole), so the runner counts it when it decides which machines fit in memory together.
    @Test func hugeArenaMachinesCountTheirArena() {
        let arena = 4 << 30
        let plain = BenchmarkRunner(BenchmarkConfiguration(arenaBytes: arena))
        let huge = BenchmarkRunner(BenchmarkConfiguration(arenaBytes: arena, hugePageArena: true))
        #expect(huge.footprint(.memdesc8FreeMemory) >= arena)
        #expect(plain.footprint(.memdesc8FreeMemory) < arena / 8)
    }

    /// A layout against an identical copy of itself, through the whole pipeline (fresh
    /// machines, rotation, pairing, intervals): the ratio must come out at 1.00 and its 95 %
    /// interval must contain 1. Such an interval misses the truth one run in twenty by
    /// design, and this VM has bursts of noise that widen an interval and move its estimate
    /// past ±2 %, so a miss is measured again with other seeds, up to three times in all; a
    /// biased pipeline (an order effect, rows paired across rounds) misses every time.
    @Test func aaRatioComesOutAtOne() throws {
        var misses: [String] = []
        for seed: UInt64 in [11, 12, 13] {
            // kmalloc-kfree: cache-resident, so the ratio is not at the mercy of where two
            // small memmaps land in the LLC (a 256 MiB lookup-random A/A wandered by ±5 %).
            // Its 512-byte batches of 16: before `db1d53b` the 64-byte rows had rounds 1.3 to
            // 2.5x slow, drawn by a pair of frames for one copy and not the other, which moved
            // this ratio past ±2 % with three seeds in one CI run of four; this row's A/A ratio
            // held within ±0.8 % with two seeds, and `chead16` against `legacy64` came out at
            // 0.904 and 0.902 (results/kmalloc-slow-rounds/).
            let configuration = BenchmarkConfiguration(
                layouts: [.legacy64, .legacy64], workloads: [.kmallocKfree],
                // 6 rounds, which kmalloc-kfree doubles (`Workload.plan`): 12.
                arenaBytes: 64 << 20, plan: TimingPlan(rounds: 6, reps: 3, targetRepNanoseconds: 2_000_000),
                seed: seed, hugePageMemmap: true, references: false)
            var rows: [BenchmarkResult] = []
            try BenchmarkRunner(configuration).run(progress: { _ in }) { if $0.variant == "state=half-full;size=512;batch=16" { rows.append($0) } }
            #expect(rows.map(\.layout) == ["legacy64", "legacy64#2"])
            let values = rows.map { Dictionary(uniqueKeysWithValues: $0.rounds.map { ($0.round, RoundValue.current.of($0.nsPerOp)) }) }
            let ratio = try #require(Statistics.pairedRatio(values[1], values[0]))
            if ratio.contains(1) && ratio.estimate > 0.98 && ratio.estimate < 1.02 { return }
            misses.append("seed \(seed): \(ratio)")
        }
        Issue.record("A/A ratio missed 1 three times: \(misses.joined(separator: "; "))")
    }
}

extension HarnessTests {
    /// `--quick` keeps every workload, each with variants the full matrix also has, so a quick
    /// run's row compares with the same row of a full run at the same `--arena`.
    @Test func quickRunsASubsetOfEveryWorkloadsVariants() {
        for workload in WorkloadID.synthetic {
            let quick = workload.variants(quick: true).map(\.name), full = workload.variants(quick: false).map(\.name)
            #expect(!quick.isEmpty, "\(workload.rawValue)")
            #expect(quick.allSatisfy(full.contains), "\(workload.rawValue): \(quick) not in \(full)")
        }
        #expect(WorkloadID.allocFree.variants(quick: true).count < WorkloadID.allocFree.variants(quick: false).count)
    }
}
