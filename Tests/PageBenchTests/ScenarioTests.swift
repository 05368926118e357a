@testable import PageBench
import Testing

/// The scenarios' correctness (not their speed).
@Suite("Scenarios")
struct ScenarioTests {
    /// Seed 004's proof obligation: while a speculative reference is held, the page keeps
    /// pointing to the same, unchanged folio, however the other thread churns.
    @Test(arguments: LayoutID.allCases)
    func speculativeReferencesNeverLandOnAPageThatChangedHands(_ id: LayoutID) throws {
        var visitor = Concurrent()
        try id.visit(&visitor).get()
    }

    struct Concurrent: LayoutVisitor {
        mutating func visit<L: PageLayout>(_: L.Type) -> Result<Void, any Error> {
            Result {
                let machine = try Machine<L>(pageCount: 4096, hugePageMemmap: false)
                let outcome = ConcurrentTryGet.run(machine, writer: true,
                                                   plan: TimingPlan(reps: 3, warmupReps: 0, targetRepNanoseconds: 20_000_000),
                                                   seed: 9, verify: true)
                #expect(outcome.violations == 0, "\(L.name)")
                #expect(outcome.gets > 10_000)
                #expect(outcome.writerOperations > 1_000, "the writer ran concurrently")
                expectSound(machine, expected: [], "\(L.name) after the concurrent run")
                machine.shrink()
                let free = machine.freePages
                #expect(free == 4096, "every page came back")
            }
        }
    }

    /// Collapse is the inverse of split, and refuses what is not 512 order-0 folios.
    enum SplitThenCollapse: LayoutTest {
        static func run<L: PageLayout>(_: L.Type) throws {
            let machine = try Machine<L>(pageCount: 2048, hugePageMemmap: false)
            let allocated = machine.folioAlloc(order: 9, index: 1000)
            let thp = try #require(allocated)
            let head = machine.layout.headPFN(of: thp)
            #expect(machine.collapse(head, order: 9) == nil, "already one folio")
            #expect(machine.split(thp, to: 0) == 512)
            let third = machine.layout.memdesc(ofPFN: head + 3)
            #expect(FolioField.index.load(third.pointer) == 1003, "split folios keep their file index")
            let collapsed = machine.collapse(head, order: 9)
            let folio = try #require(collapsed)
            #expect(machine.layout.order(of: folio) == 9)
            #expect(FolioField.index.load(folio.pointer) == 1000)
            expectSound(machine, expected: [folio], "collapsed")
            // A folio that is not order 0 inside the range blocks the collapse.
            _ = machine.split(folio, to: 1)
            #expect(machine.collapse(head, order: 9) == nil)
            expectSound(machine, expected: Set((0..<256).map { machine.layout.memdesc(ofPFN: head + 2 * $0) }))
        }
    }

    @Test(arguments: LayoutID.allCases)
    func splitThenCollapse(_ id: LayoutID) throws { try PageBenchTests.run(SplitThenCollapse.self, on: id) }

    /// The typed entry points: a slab page from `slabPageAlloc` is a slab to every lookup.
    enum SpecialistEntryPoints: LayoutTest {
        static func run<L: PageLayout>(_: L.Type) throws {
            let machine = try Machine<L>(pageCount: 1024, hugePageMemmap: false)
            let allocated = machine.slabPageAlloc(order: 3)
            let slab = try #require(allocated)
            let head = machine.layout.headPFN(of: slab)
            for pfn in head..<head + 8 {
                #expect(machine.layout.slab(ofPFN: pfn) == slab.pointer)
                #expect(machine.layout.classify(pfn).type == .slab)
            }
            #expect(machine.layout.classify(head).order == 3)
            machine.free(slab)
            machine.shrink()
            #expect(machine.freePages == 1024)
        }
    }

    @Test(arguments: LayoutID.allCases)
    func specialistEntryPoints(_ id: LayoutID) throws { try PageBenchTests.run(SpecialistEntryPoints.self, on: id) }
}
