import Atomics
import CMemfd
import Foundation
@testable import PageBench
import Testing

/// The scenarios' correctness (not their speed).
@Suite("Scenarios")
struct ScenarioTests {
    /// Seed 004's proof obligation: while a speculative reference is held, the page keeps
    /// pointing to the same, unchanged folio, however the other thread churns. The writer
    /// targets the reader's folios and the reader is "interrupted" for a microsecond between
    /// its load and its reference, so races really happen (retries > 0).
    @Test(arguments: LayoutID.allCases)
    func speculativeReferencesNeverLandOnAPageThatChangedHands(_ id: LayoutID) throws {
        var visitor = Concurrent<Interrupted>()
        let outcome = try id.visit(&visitor).get()
        #expect(outcome.violations == 0, "\(id)")
        #expect(outcome.retries > 0, "\(id): the re-check never fired, so the test proved nothing")
        #expect(outcome.gets > 10_000)
        #expect(outcome.writerOperations > 1_000, "the writer ran concurrently")
    }

    /// The same test catches the bug it guards against: `folio_try_get` without the
    /// re-check hands out references to pages that changed hands.
    @Test(arguments: [LayoutID.legacy64, .twoword16, .chead16])
    func withoutTheRecheckTheProofTestFails(_ id: LayoutID) throws {
        var visitor = Concurrent<WithoutRecheck>()
        let outcome = try id.visit(&visitor).get()
        #expect(outcome.violations > 0, "\(id): a get without re-check went unnoticed")
    }

    /// The writer takes the CPU its reader is not timed on, whichever CPU prepared them:
    /// the set-up runs on every CPU (`concurrentMap`), and a writer placed from the
    /// preparing thread's CPU shared the reader's in half the rounds.
    @Test(.enabled(if: ProcessInfo.processInfo.activeProcessorCount > 1))
    func theWriterRunsBesideTheReadersCPU() throws {
        #expect(pb_pin_to_cpu(0) == 0)
        defer { _ = pb_pin_to_cpu(-1) }
        for readerCPU in [0, 1] {
            let box = try MachineBox<Legacy64>(pageCount: 4096, hugePageMemmap: false)
            var reader = ConcurrentTryGet.reader(box, FolioTryGet.self, mode: .on, seed: 9, verify: false, cpu: readerCPU)
            let cpus = ProcessInfo.processInfo.activeProcessorCount
            #expect(reader.writerCPU == (readerCPU + 1) % cpus, "reader timed on CPU \(readerCPU), prepared on CPU 0")
            reader.stopWriter()
        }
    }

    struct Concurrent<G: SpeculativeGet.Getter>: LayoutVisitor {
        mutating func visit<L: PageLayout>(_: L.Type) -> Result<ConcurrentTryGet.Outcome, any Error> {
            Result {
                // Reader and writer on two CPUs, as the runner places them: on one CPU they
                // would take turns, and no race could happen.
                _ = pb_pin_to_cpu(0)
                defer { _ = pb_pin_to_cpu(-1) }
                let box = try MachineBox<L>(pageCount: 4096, hugePageMemmap: false)
                var reader = ConcurrentTryGet.reader(box, G.self, mode: .targeted, seed: 9, verify: true)
                // Turns as the scheduler gives them, until 50 races were seen or 10 s passed.
                let start = monotonicNanoseconds()
                while monotonicNanoseconds() - start < 10_000_000_000 && reader.retries + reader.violations < 50 {
                    reader.beginTurn()
                    for _ in 0..<8 { _ = reader.runBatch() }
                    reader.endTurn()
                }
                let outcome = reader.outcome
                reader.stopWriter()
                if G.self == Interrupted.self {
                    expectSound(box.machine, expected: nil, "\(L.name) after the concurrent run")
                }
                return outcome
            }
        }
    }

    /// An interrupt of about a microsecond between the load and the reference.
    enum Microsecond: ReadWindow {
        static func pause() {
            let start = monotonicNanoseconds()
            while monotonicNanoseconds() - start < 1000 {}
        }
    }

    /// The kernel's `folio_try_get`, with the window widened.
    enum Interrupted: SpeculativeGet.Getter {
        static func tryGet<L: PageLayout>(_ machine: borrowing Machine<L>, pfn: Int) -> SpeculativeGet {
            machine.folioTryGetSpeculative(pfn: pfn, window: Microsecond.self)
        }
    }

    /// The bug: increment if not zero, and trust the folio without looking again (the same
    /// window as `Interrupted`).
    enum WithoutRecheck: SpeculativeGet.Getter {
        static func tryGet<L: PageLayout>(_ machine: borrowing Machine<L>, pfn: Int) -> SpeculativeGet {
            let folio = machine.layout.memdesc(ofPFN: pfn)
            guard folio.type == .folio else { return .none }
            Microsecond.pause()
            let ref = machine.refcount(folio)
            var old = ref.load(ordering: .relaxed)
            while true {
                if old == 0 { return .none }
                let (exchanged, original) = ref.weakCompareExchange(expected: old, desired: old + 1, ordering: .acquiring)
                if exchanged { return .got(folio) }
                old = original
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
                #expect(machine.layout.memdesc(ofPFN: pfn) == slab)
            }
            #expect(machine.layout.classify(head) == (.slab, 3), "a scan classifies the block by its head")
            machine.free(slab)
            machine.shrink()
            #expect(machine.freePages == 1024)
        }
    }

    @Test(arguments: LayoutID.allCases)
    func specialistEntryPoints(_ id: LayoutID) throws { try PageBenchTests.run(SpecialistEntryPoints.self, on: id) }
}
