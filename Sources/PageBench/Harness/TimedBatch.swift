/// The unit the harness times: one batch of `opsPerBatch` operations. Workloads conform
/// and are timed through `Subject`, which is generic over them, so each batch loop is
/// specialised. A batch that works on a machine holds a `MachineRef` to it; a batch that
/// owns memory (live sets, jemalloc blocks) frees it in its `deinit`.
public protocol TimedBatch: ~Copyable {
    /// Operations in one batch (an operation is what a row's ns/op counts).
    var opsPerBatch: Int { get }
    /// Run one batch; the result feeds the checksum so the work cannot be optimised away.
    mutating func runBatch() -> UInt64
    /// Called before and after each turn the scheduler gives this batch (untimed): a
    /// batch with a helper thread runs it only during its own turns.
    mutating func beginTurn()
    mutating func endTurn()
    /// Whether each turn starts with one untimed batch and lasts a whole repetition. A
    /// scan's cost depends on how much of its memmap and descriptors the LLC holds, which
    /// the rows timed before it decide, and one warm walk does not restore it (README, "Side by
    /// side"): in 0.5 ms turns among the default matrix's 24 scans, `legacy64`'s rounds
    /// were 1.5 to 2.4x slower than beside one other layout.
    static var warmsEachTurn: Bool { get }
    /// Pieces a batch is cut into (1: whole batches; `PiecewiseBatch`). A trace's replay is
    /// one batch of 0.7 to 92 ms: timed whole, a repetition was one turn or a few, each at one of `TurnPlaces`,
    /// and its turns moved with their place, by up to a quarter (`results/replay-pieces/`).
    /// Cut into `TurnPlaces.count` pieces, a repetition is that many turns, each running the
    /// next piece of every batch in it, so it meets every place, and its neighbours in the
    /// round are shuffled turn by turn.
    static var pieces: Int { get }
    /// Piece `k` of `pieces`: run in order, the pieces are the batch.
    mutating func runPiece(_ k: Int) -> UInt64
}

extension TimedBatch where Self: ~Copyable {
    public mutating func beginTurn() {}
    public mutating func endTurn() {}
    public static var warmsEachTurn: Bool { false }
    public static var pieces: Int { 1 }
    public mutating func runPiece(_: Int) -> UInt64 { runBatch() }
}

/// A batch timed in pieces: it is its `pieces` run in order, so `runBatch` runs them.
protocol PiecewiseBatch: TimedBatch, ~Copyable {}

extension PiecewiseBatch where Self: ~Copyable {
    mutating func runBatch() -> UInt64 {
        var sum: UInt64 = 0
        for k in 0..<Self.pieces { sum &+= runPiece(k) }
        return sum
    }
}

/// A borrowed machine, alive as long as the `MachineBox` that holds it.
public typealias MachineRef<L: PageLayout> = UnsafePointer<Machine<L>>

/// How long and how often to measure.
public struct TimingPlan: Sendable {
    /// Rounds: fresh sets of machines, one per layout, timed side by side. A round is the
    /// unit of inference: rows of one round are paired, and intervals come from rounds.
    public var rounds: Int
    /// Timed repetitions per row and round; the mean of their faster half is the round's
    /// value (`RoundValue.current`).
    public var reps: Int
    /// Batches per repetition are chosen, on warm batches, so a repetition lasts this long.
    public var targetRepNanoseconds: UInt64

    public init(rounds: Int = 6, reps: Int = 3, targetRepNanoseconds: UInt64 = 8_000_000) {
        self.rounds = rounds
        self.reps = reps
        self.targetRepNanoseconds = targetRepNanoseconds
    }

    /// This plan with `factor` times the rounds and at least `reps` repetitions.
    func scaled(rounds factor: Int, reps least: Int = 1) -> TimingPlan {
        TimingPlan(rounds: rounds * factor, reps: max(reps, least), targetRepNanoseconds: targetRepNanoseconds)
    }
}
