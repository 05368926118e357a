/// The unit the harness times: one batch of `opsPerBatch` operations. Workloads conform
/// and are measured through `measure`, which is generic over them, so each batch loop is
/// specialised. A batch that works on a machine holds a `MachineRef` to it.
public protocol TimedBatch {
    /// Operations in one batch (an operation is what a row's ns/op counts).
    var opsPerBatch: Int { get }
    /// Run one batch; the result feeds the checksum so the work cannot be optimised away.
    mutating func runBatch() -> UInt64
}

/// A borrowed machine, for the duration of one `withUnsafePointer(to: machine)`.
public typealias MachineRef<L: PageLayout> = UnsafePointer<Machine<L>>

/// Timings of one row: ns/op of each repetition and the distribution of batch times.
public struct Measurement: Sendable {
    /// ns/op of every kept repetition, of every round.
    public var nsPerOp: [Double]
    /// Per-batch p50 and p99 of each round.
    var batchP50s: [Double]
    var batchP99s: [Double]
    public var opsPerBatch: Int
    public var batchesPerRep: Int
    public var checksum: UInt64

    init(nsPerOp: [Double], batchP50: Double, batchP99: Double, opsPerBatch: Int, batchesPerRep: Int, checksum: UInt64) {
        self.nsPerOp = nsPerOp
        batchP50s = [batchP50]
        batchP99s = [batchP99]
        self.opsPerBatch = opsPerBatch
        self.batchesPerRep = batchesPerRep
        self.checksum = checksum
    }

    public var opsPerRep: Int { opsPerBatch * batchesPerRep }
    public var median: Double { nsPerOp.sorted()[nsPerOp.count / 2] }
    public var min: Double { nsPerOp.min() ?? 0 }
    public var max: Double { nsPerOp.max() ?? 0 }
    /// The median round's batch p50, and the worst round's p99.
    public var batchP50: Double { batchP50s.sorted()[batchP50s.count / 2] }
    public var batchP99: Double { batchP99s.max() ?? 0 }

    /// Fold in another round of the same row (another machine, another address layout).
    mutating func absorb(_ round: Measurement) {
        nsPerOp += round.nsPerOp
        batchP50s += round.batchP50s
        batchP99s += round.batchP99s
        checksum &+= round.checksum
    }
}

/// How long and how often to measure.
public struct TimingPlan: Sendable {
    /// Rounds: each layout is measured on this many fresh machines, in alternating order,
    /// and the repetitions of every round are pooled. A machine's address layout (cache-set
    /// and 4 KiB aliasing between memmap, descriptors and control block) can shift a row by
    /// tens of percent; pooling rounds keeps that from passing for a layout difference.
    public var rounds: Int
    public var reps: Int
    public var warmupReps: Int
    /// Batches per repetition are chosen so a repetition lasts about this long.
    public var targetRepNanoseconds: UInt64

    public init(rounds: Int = 1, reps: Int = 5, warmupReps: Int = 1, targetRepNanoseconds: UInt64 = 20_000_000) {
        self.rounds = rounds
        self.reps = reps
        self.warmupReps = warmupReps
        self.targetRepNanoseconds = targetRepNanoseconds
    }
}
