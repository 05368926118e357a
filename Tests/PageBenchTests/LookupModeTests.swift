@testable import PageBench
import Testing

/// `lookup-random`'s two modes visit the same pfns, so layouts, floors and modes compare:
/// the chase only adds a dependency, never a different address.
@Suite("Lookup modes")
struct LookupModeTests {
    /// On the half-full machine, chained batches of as many lookups as an independent one
    /// (eight of 512 for one of 4096) read exactly its `_refcount`s, and leave the generator
    /// where it does.
    @Test(arguments: LayoutID.allCases)
    func latencyVisitsTheThroughputPfns(_ id: LayoutID) throws { try run(SameSums.self, on: id) }

    /// With every folio's `_refcount` a hash of its pfn, a chained batch's sum (layout and
    /// floor) is the sum over the generator's pfns: it visits exactly those.
    @Test(arguments: LayoutID.allCases)
    func chaseFollowsTheGenerator(_ id: LayoutID) throws { try run(HashedRefcounts.self, on: id) }

    enum SameSums: LayoutTest {
        static func run<L: PageLayout>(_: L.Type) throws {
            let machine = try Machine<L>(pageCount: 8192, hugePageMemmap: false)
            _ = FilledMachine(machine, state: .halfFull, seed: 7)
            withUnsafePointer(to: machine) { ref in
                var independent = LookupRandom.Pages<L, Throughput>(machine: ref, random: WorkloadRandom(seed: 3))
                var chained = LookupRandom.Pages<L, Latency>(machine: ref, random: WorkloadRandom(seed: 3))
                #expect(Throughput.opsPerBatch % Latency.opsPerBatch == 0)
                for batch in 0..<3 {
                    let a = independent.runBatch()
                    var b: UInt64 = 0
                    for _ in 0..<Throughput.opsPerBatch / Latency.opsPerBatch { b &+= chained.runBatch() }
                    #expect(a == b && a != 0, "\(L.name) batch \(batch): throughput \(a), latency \(b)")
                }
                #expect(independent.random.state == chained.random.state)
            }
        }
    }

    enum HashedRefcounts: LayoutTest {
        static func run<L: PageLayout>(_: L.Type) throws {
            let machine = try Machine<L>(pageCount: 8192, hugePageMemmap: false)
            var folios = 0
            while let folio = machine.folioAlloc(order: 0) {
                let pfn = UInt64(machine.layout.headPFN(of: folio))
                FolioField.refcount.store(Int32(truncatingIfNeeded: (pfn &* 0x9E37_79B9_7F4A_7C15) >> 34) | 1, folio.pointer)
                folios += 1
            }
            #expect(folios > 7000)
            var generator = WorkloadRandom(seed: 11)
            var expected: UInt64 = 0
            for _ in 0..<Latency.opsPerBatch {
                let folio = machine.layout.pageFolio(generator.below(machine.pageCount))
                expected &+= UInt64(UInt32(bitPattern: FolioField.refcount.load(folio)))
            }
            withUnsafePointer(to: machine) { ref in
                var layout = LookupRandom.Pages<L, Latency>(machine: ref, random: WorkloadRandom(seed: 11))
                var floor = LookupRandom.Floor<L, Latency>(machine: ref, random: WorkloadRandom(seed: 11))
                let (a, b) = (layout.runBatch(), floor.runBatch())
                #expect(a == expected, "\(L.name): chained layout \(a), the generator's pfns \(expected)")
                #expect(b == expected, "\(L.name): chained floor \(b), the generator's pfns \(expected)")
            }
        }
    }
}
