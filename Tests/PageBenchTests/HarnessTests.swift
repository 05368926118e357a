import CFloor
@testable import PageBench
import Testing

/// The harness measures what it says: the floor mirrors each layout, and every workload
/// produces its rows on every layout.
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
    /// `_refcount`s, so one batch of each yields the same sum.
    @Test(arguments: LayoutID.allCases)
    func floorMirrorsTheLayout(_ id: LayoutID) throws {
        var visitor = FloorAgreement()
        try id.visit(&visitor).get()
    }

    struct FloorAgreement: LayoutVisitor {
        mutating func visit<L: PageLayout>(_: L.Type) -> Result<Void, any Error> {
            Result {
                let machine = try Machine<L>(pageCount: 8192, hugePageMemmap: false)
                let state = HalfFullMachine(machine, seed: 7)
                let (a, b) = withUnsafePointer(to: machine) { ref in
                    var layout = LookupRandom.Pages<L>(machine: ref, random: WorkloadRandom(seed: 3))
                    var floor = LookupRandom.Floor<L>(machine: ref, random: WorkloadRandom(seed: 3))
                    return (layout.runBatch(), floor.runBatch())
                }
                #expect(a == b, "\(L.name): layout \(a), floor \(b)")
                #expect(a != 0)
                state.release(machine)
            }
        }
    }

    @Test func runnerProducesEveryRow() throws {
        let configuration = BenchmarkConfiguration(
            arenaBytes: 32 << 20, plan: TimingPlan(reps: 2, warmupReps: 0, targetRepNanoseconds: 100_000),
            seed: 5, quick: true, hugePageMemmap: false, verify: true, references: true)
        var rows: [BenchmarkResult] = []
        var skipped: [String] = []
        try BenchmarkRunner(configuration).run(progress: { if $0.hasPrefix("skip") { skipped.append($0) } }) { rows.append($0) }

        let runner = BenchmarkRunner(configuration)
        var expectedSkips = 0
        for workload in WorkloadID.allCases {
            for variant in workload.variants(quick: true) {
                // 8192 pages: batches of 16 THPs or of 64 HugeTLB folios, or 1024 order-3
                // folios, do not fit.
                guard runner.skipReason(workload, variant) == nil else { expectedSkips += 1; continue }
                let mine = rows.filter { $0.workload == workload && $0.variant.hasPrefix(variant.name) }
                for id in LayoutID.allCases {
                    #expect(mine.contains { $0.layout == id.rawValue }, "\(workload.rawValue) \(variant.name) \(id)")
                    if workload.hasFloor {
                        #expect(mine.contains { $0.layout == "floor" && $0.variant.hasSuffix("layout=\(id.rawValue)") })
                    }
                }
                #expect(mine.contains { $0.layout == "jemalloc" } == workload.hasJemalloc)
            }
        }
        #expect(skipped.count == expectedSkips && expectedSkips == 5)
        for row in rows {
            // A failed split is timed once, when memory is full; every other row has 2 repetitions.
            let reps = row.variant == "op=split-no-memory" ? 1 : 2
            #expect(row.measurement.nsPerOp.count == reps && row.measurement.median > 0, "\(row.layout) \(row.workload)")
            #expect(row.metadataBytesPerPage > 0)
            if let layout = LayoutID(rawValue: row.layout)?.type {
                // HVO keeps one memmap page of eight for a HugeTLB folio.
                let least = layout.pageDescriptorSize / (layout.hugeTLBVmemmapOptimization ? 8 : 1)
                #expect(row.metadataBytesPerPage >= Double(least), "\(row.layout) \(row.workload)")
            }
        }
    }
}
