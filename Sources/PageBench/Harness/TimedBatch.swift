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
    public var nsPerOp: [Double]
    public var batchP50: Double
    public var batchP99: Double
    public var opsPerBatch: Int
    public var batchesPerRep: Int
    public var checksum: UInt64

    public var opsPerRep: Int { opsPerBatch * batchesPerRep }
    public var median: Double { nsPerOp.sorted()[nsPerOp.count / 2] }
    public var min: Double { nsPerOp.min() ?? 0 }
    public var max: Double { nsPerOp.max() ?? 0 }
}

/// How long and how often to measure.
public struct TimingPlan: Sendable {
    public var reps: Int
    public var warmupReps: Int
    /// Batches per repetition are chosen so a repetition lasts about this long.
    public var targetRepNanoseconds: UInt64

    public init(reps: Int = 5, warmupReps: Int = 1, targetRepNanoseconds: UInt64 = 20_000_000) {
        self.reps = reps
        self.warmupReps = warmupReps
        self.targetRepNanoseconds = targetRepNanoseconds
    }
}
