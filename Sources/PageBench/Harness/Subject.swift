/// One row's timed code in one round, as the scheduler sees it: rows of different layouts
/// sit side by side in a round, so the scheduler holds them through this protocol. It is
/// called between batches, never inside one.
protocol TimedSubject: AnyObject {
    var opsPerBatch: Int { get }
    var checksum: UInt64 { get }
    /// `TimedBatch.warmsEachTurn` of the batch: the scheduler gives such a round turns of
    /// a whole repetition.
    var warmsEachTurn: Bool { get }
    /// Run one batch untimed (warm caches, lazily touched memory; cachegrind's runs).
    func warm()
    /// Time `count` batches back to back, each between two clock reads; the batch times
    /// go to `times` (at least `count` long). Returns their sum in nanoseconds.
    func time(batches count: Int, into times: UnsafeMutablePointer<UInt64>) -> UInt64
}

/// The subject of a batch type `B`, which it owns. A protocol witness of a generic class
/// runs unspecialised code, so the batch loop is not reached through one: `init`, which is
/// specialised for the concrete `B` wherever a workload creates a subject, forms the
/// closure that runs it, and that closure is specialised with it.
final class Subject<B: TimedBatch & ~Copyable>: TimedSubject {
    private let storage: UnsafeMutablePointer<B>
    private let sum: UnsafeMutablePointer<UInt64>
    /// `(count, times)`: run `count` batches; with `times`, each between two clock reads.
    private let loop: (Int, UnsafeMutablePointer<UInt64>?) -> UInt64
    let opsPerBatch: Int
    /// What the batch works on (its machine), kept alive as long as the batch is.
    private let owner: AnyObject?

    @inline(__always)
    init(_ batch: consuming B, owner: AnyObject?) {
        opsPerBatch = batch.opsPerBatch
        storage = .allocate(capacity: 1)
        storage.initialize(to: batch)
        sum = .allocate(capacity: 1)
        sum.initialize(to: 0)
        self.owner = owner
        let b = storage, s = sum
        loop = { count, times in Subject.run(b, s, count, times) }
    }

    deinit {
        storage.deinitialize(count: 1)
        storage.deallocate()
        sum.deallocate()
    }

    /// The batch, for the workload's untimed code (its counters).
    var batch: B {
        _read { yield storage.pointee }
        _modify { yield &storage.pointee }
    }

    var checksum: UInt64 { sum.pointee }

    var warmsEachTurn: Bool { B.warmsEachTurn }

    func warm() { _ = loop(1, nil) }

    func time(batches count: Int, into times: UnsafeMutablePointer<UInt64>) -> UInt64 { loop(count, times) }

    /// The batch is moved into a local for the loop and back after it: through the
    /// pointer, the optimiser would have to keep its state (the random generator, the live
    /// set's count) in memory, in case the loop's stores alias it.
    @inline(__always)
    private static func run(_ batch: UnsafeMutablePointer<B>, _ sum: UnsafeMutablePointer<UInt64>, _ count: Int,
                            _ times: UnsafeMutablePointer<UInt64>?) -> UInt64 {
        var local = batch.move()
        var checksum: UInt64 = 0, total: UInt64 = 0
        local.beginTurn()
        if times != nil && B.warmsEachTurn { checksum &+= local.runBatch() }
        if let times {
            for i in 0..<count {
                let t0 = monotonicNanoseconds()
                checksum &+= local.runBatch()
                let t = monotonicNanoseconds() &- t0
                times[i] = t
                total &+= t
            }
        } else {
            for _ in 0..<count { checksum &+= local.runBatch() }
        }
        local.endTurn()
        batch.initialize(to: local)
        sum.pointee &+= checksum
        return total
    }
}
