import Atomics
import Dispatch
import Foundation

/// Scenario 1 of seed 004: speculative references under concurrency. A reader takes
/// `folio_try_get` references on random pfns (load the memdesc word, increment the refcount
/// if not zero, re-check that the page still points to the folio, else drop and retry)
/// while a writer on the other core frees random allocations and reallocates them with
/// other types and orders. One operation = one successful get (and its put); the retry rate
/// is the share of gets whose re-check failed.
///
/// Type safety is what makes the reader's stale pointers harmless: the descriptor caches
/// are `SLAB_TYPESAFE_BY_RCU` (a freed descriptor stays a descriptor with refcount 0), and
/// legacy64's "descriptors" are the memmap itself. Every free goes through the refcount, so
/// a page with a speculative reference on it is never freed and reused underneath, and a
/// refcount is only ever stored while it is 0 (a speculative get never succeeds on 0). The
/// machine relies on x86-64's ordered stores (TSO) between a descriptor's initialisation and
/// the page word that publishes it.
enum ConcurrentTryGet {
    static let getsPerBatch = 4096

    /// What the two threads share.
    struct Shared<L: PageLayout>: @unchecked Sendable {
        let machine: MachineRef<L>
        let lock: SpinLock
        let stop: UnsafeAtomic<Bool>
        let writerOperations: UnsafeAtomic<Int>
        let generation: UnsafeAtomic<UInt>
    }

    /// The reader: a batch is `getsPerBatch` successful gets. With `verify`, each held
    /// reference is checked to stay on an unchanged folio while it is held.
    struct Reader<L: PageLayout>: TimedBatch {
        let shared: Shared<L>
        var random: WorkloadRandom
        let verify: Bool
        var retries = 0
        var gets = 0
        var violations = 0

        var opsPerBatch: Int { ConcurrentTryGet.getsPerBatch }

        @inline(__always)
        mutating func runBatch() -> UInt64 {
            let machine = shared.machine, n = machine.pointee.pageCount
            var sum: UInt64 = 0, got = 0
            while got < opsPerBatch {
                let pfn = random.below(n)
                switch machine.pointee.folioTryGetSpeculative(pfn: pfn) {
                case .got(let folio):
                    got += 1
                    let stamp = FolioField.index.load(folio.pointer)
                    sum &+= UInt64(stamp)
                    if verify && !stillHeld(folio, pfn: pfn, stamp: stamp) { violations += 1 }
                    put(folio)
                case .raced(let folio):
                    retries += 1
                    put(folio)
                case .none:
                    break
                }
            }
            gets += got
            return sum
        }

        /// While a reference is held the folio cannot be freed: the page must keep pointing
        /// to it and its stamp (set by the writer at allocation) must not change.
        func stillHeld(_ folio: Memdesc, pfn: Int, stamp: UInt) -> Bool {
            for _ in 0..<64 {
                if shared.machine.pointee.layout.memdesc(ofPFN: pfn) != folio { return false }
                if FolioField.index.load(folio.pointer) != stamp { return false }
            }
            return shared.machine.pointee.refCount(folio) >= 1
        }

        /// `folio_put`; the last put frees, under the writer's lock. A raced reference may be
        /// on a page that became a page table or netmem meanwhile: the put is the same.
        @inline(__always)
        func put(_ memdesc: Memdesc) {
            guard shared.machine.pointee.folioPutTestZero(memdesc) else { return }
            shared.lock.lock()
            shared.machine.pointee.freeLastReference(memdesc)
            shared.lock.unlock()
        }
    }

    /// The writer: until stopped, drop the reference of a random live allocation (freeing it
    /// if it was the last; a reader holding one frees it later) and allocate one of another
    /// random type and order in its place, stamping each new folio's `index` with a fresh
    /// generation.
    static func write<L: PageLayout>(_ shared: Shared<L>, pages: LiveSet<Memdesc>, seed: UInt64) {
        var random = WorkloadRandom(seed: seed)
        let machine = shared.machine
        while !shared.stop.load(ordering: .relaxed) {
            shared.lock.lock()
            let slot = random.below(pages.count)
            let old = pages[slot]
            if old != .none && machine.pointee.folioPutTestZero(old) { machine.pointee.freeLastReference(old) }
            let roll = random.below(100)
            let new: Memdesc
            if roll < 70 {
                let stamp = shared.generation.loadThenWrappingIncrement(ordering: .relaxed)
                new = machine.pointee.folioAlloc(order: pageCacheOrder(&random), index: stamp) ?? .none
            } else {
                new = machine.pointee.allocate(order: roll < 85 ? 0 : random.below(3), type: roll < 85 ? .pageTable : .netmem) ?? .none
            }
            pages[slot] = new
            shared.lock.unlock()
            shared.writerOperations.wrappingIncrement(ordering: .relaxed)
        }
    }

    /// The outcome of one measurement.
    struct Outcome {
        var measurement: Measurement
        var gets: Int
        var retries: Int
        var violations: Int
        var writerOperations: Int
    }

    /// Measure the reader on a half-full machine, with or without the writer running.
    static func run<L: PageLayout>(_ machine: borrowing Machine<L>, writer: Bool, plan: TimingPlan,
                                   seed: UInt64, verify: Bool) -> Outcome {
        let state = HalfFullMachine(machine, seed: seed)
        let outcome = withUnsafePointer(to: machine) { ref in
            let shared = Shared(machine: ref, lock: SpinLock(), stop: .create(false),
                                writerOperations: .create(0), generation: .create(1))
            // A thread of its own (not a shared queue, which may be busy), and the reader
            // starts only once the writer runs.
            let started = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
            if writer {
                let pages = UncheckedSendable(state.pages)
                let thread = Thread {
                    started.signal()
                    write(shared, pages: pages.value, seed: seed ^ 0x77)
                    done.signal()
                }
                thread.start()
                started.wait()
            }
            var reader = Reader(shared: shared, random: WorkloadRandom(seed: seed), verify: verify)
            let measurement = measure(&reader, plan: plan)
            shared.stop.store(true, ordering: .relaxed)
            if writer { done.wait() }
            let outcome = Outcome(measurement: measurement, gets: reader.gets, retries: reader.retries,
                                  violations: reader.violations,
                                  writerOperations: shared.writerOperations.load(ordering: .relaxed))
            shared.lock.destroy()
            shared.stop.destroy()
            shared.writerOperations.destroy()
            shared.generation.destroy()
            return outcome
        }
        state.release(machine)
        return outcome
    }
}

/// A value handed to another thread that the harness knows is used by one thread at a time.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
