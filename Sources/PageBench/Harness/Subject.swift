/// One row's timed code in one round, as the scheduler sees it: rows of different layouts
/// sit side by side in a round, so the scheduler holds them through this protocol. It is
/// called between batches, never inside one.
protocol TimedSubject: AnyObject {
    var opsPerBatch: Int { get }
    var checksum: UInt64 { get }
    /// `TimedBatch.warmsEachTurn` of the batch: the scheduler gives such a round turns of
    /// a whole repetition.
    var warmsEachTurn: Bool { get }
    /// `TimedBatch.pieces` of the batch: the scheduler gives a turn pieces, not batches.
    var pieces: Int { get }
    /// Moves the subject's cycle of `TurnPlaces` on by `count` places, untimed.
    func skipPlaces(_ count: Int)
    /// Run one batch untimed (warm caches, lazily touched memory; cachegrind's runs).
    func warm()
    /// Time the next `count` pieces (batches, for a batch of one piece) back to back, each
    /// between two clock reads, in one turn; their times go to `times` (at least `count`
    /// long). Returns their sum in nanoseconds.
    func time(pieces count: Int, into times: UnsafeMutablePointer<UInt64>) -> UInt64
}

/// Keeps a turn's stack gap from being optimised away: its address escapes here.
nonisolated(unsafe) private var stackGap: UnsafeMutableRawPointer?

/// `body` run `bytes` lower in the stack. In pieces of at most 1 KiB: the standard library
/// puts a larger temporary allocation on the heap, which would not move the stack.
private func onShiftedStack<R>(_ bytes: Int, _ body: () -> R) -> R {
    guard bytes > 0 else { return body() }
    let piece = min(bytes, 1024)
    return withUnsafeTemporaryAllocation(byteCount: piece, alignment: 16) { gap in
        stackGap = gap.baseAddress
        return onShiftedStack(bytes - piece, body)
    }
}

/// The subject of a batch type `B`, which it owns. A protocol witness of a generic class
/// runs unspecialised code, so the batch loop is not reached through one: `init`, which is
/// specialised for the concrete `B` wherever a workload creates a subject, forms the
/// closure that runs it, and that closure is specialised with it.
final class Subject<B: TimedBatch & ~Copyable>: TimedSubject {
    private let storage: UnsafeMutablePointer<B>
    private let sum: UnsafeMutablePointer<UInt64>
    /// `(count, times, first)`: run `count` pieces from piece `first`; with `times`, each
    /// between two clock reads.
    private let loop: (Int, UnsafeMutablePointer<UInt64>?, Int) -> UInt64
    let opsPerBatch: Int
    /// The piece the next turn starts with.
    private var nextPiece = 0
    /// What the batch works on (its machine), kept alive as long as the batch is.
    private let owner: AnyObject?
    /// Where in the stack each turn runs (`time(pieces:into:)`).
    private var stackPlaces = TurnPlaces(step: 16)

    @inline(__always)
    init(_ batch: consuming B, owner: AnyObject?) {
        precondition(B.pieces >= 1 && !(B.warmsEachTurn && B.pieces > 1), "a batch warmed each turn is timed whole")
        opsPerBatch = batch.opsPerBatch
        storage = .allocate(capacity: 1)
        storage.initialize(to: batch)
        sum = .allocate(capacity: 1)
        sum.initialize(to: 0)
        self.owner = owner
        let b = storage, s = sum
        loop = { count, times, first in Subject.run(b, s, count, times, first) }
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

    var pieces: Int { B.pieces }

    func skipPlaces(_ count: Int) { stackPlaces.skip(count) }

    /// A whole batch: its pieces from the next one round to it again.
    func warm() { _ = loop(B.pieces, nil, nextPiece) }

    /// Each turn runs with the stack shifted by the next of `TurnPlaces`' 16 places (plus 16
    /// bytes, so that every turn runs below a gap), the same cycle for every subject. The
    /// batch and its loop's spills live on the stack, and where the stack sits in its page
    /// decided whole runs: with address randomisation off, only the size of the environment
    /// changed, `chead16`'s `specialist-alloc type=ptdesc via=own` came out 0.81 to 1.38x
    /// `legacy64` (`results/stack-offset/`). The process's random stack placement made that a
    /// coin flipped once per run, which no interval over its rounds could see (Mytkowicz et
    /// al., "Producing wrong data without doing anything obviously wrong!", ASPLOS 2009).
    func time(pieces count: Int, into times: UnsafeMutablePointer<UInt64>) -> UInt64 {
        let first = nextPiece
        nextPiece = (first + count) % B.pieces
        return onShiftedStack(16 + stackPlaces.next()) { loop(count, times, first) }
    }

    /// The batch is moved into a local for the loop and back after it: through the
    /// pointer, the optimiser would have to keep its state (the random generator, the live
    /// set's count) in memory, in case the loop's stores alias it.
    @inline(__always)
    private static func run(_ batch: UnsafeMutablePointer<B>, _ sum: UnsafeMutablePointer<UInt64>, _ count: Int,
                            _ times: UnsafeMutablePointer<UInt64>?, _ first: Int) -> UInt64 {
        var local = batch.move()
        var checksum: UInt64 = 0, total: UInt64 = 0
        var k = first
        local.beginTurn()
        if times != nil && B.warmsEachTurn { checksum &+= local.runBatch() }
        if let times {
            for i in 0..<count {
                let t0 = monotonicNanoseconds()
                checksum &+= local.runPiece(k)
                let t = monotonicNanoseconds() &- t0
                times[i] = t
                total &+= t
                k = k + 1 == B.pieces ? 0 : k + 1
            }
        } else {
            for _ in 0..<count {
                checksum &+= local.runPiece(k)
                k = k + 1 == B.pieces ? 0 : k + 1
            }
        }
        local.endTurn()
        batch.initialize(to: local)
        sum.pointee &+= checksum
        return total
    }
}
