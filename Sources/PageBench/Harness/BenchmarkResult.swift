/// One measured row, with every round's samples, before it is written anywhere.
public struct BenchmarkResult: Sendable {
    /// A layout name (`legacy64`, or `legacy64#2` for an A/A copy), `jemalloc` or `floor`.
    public var layout: String
    public var workload: WorkloadID
    /// The variant's parameters; a floor row adds `layout=<the layout it mirrors>`.
    public var variant: String
    public var arenaBytes: Int
    /// One sample per round, in round order.
    public var rounds: [RoundSample]
    /// Batch-time percentiles over every batch of every round.
    public var batchP50: Double
    public var batchP99: Double
    public var opsPerBatch: Int
    public var checksum: UInt64
    /// The last round's metadata per page (the set-up is the same in every round).
    public var metadataBytesPerPage: Double
    /// Each counter's mean over the rounds.
    public var counters: [Counter]
    public var note: String

    /// ns/op of every repetition of every round.
    public var allRepetitions: [Double] { rounds.flatMap(\.nsPerOp) }
}

/// What one round measured of one row.
public struct RoundSample: Sendable {
    public var round: Int
    /// ns/op of each timed repetition; the round's value is made from them by the run's
    /// rule (`RoundValue.current`, in BenchOutput).
    public var nsPerOp: [Double]
    public var opsPerRep: Int
    /// The CPU the round ran on (-1: unknown).
    public var cpu: Int
    /// Share of the machine's memmap on 2 MiB pages; nil for references or when unreadable.
    public var memmapHugeShare: Double?
    /// Share of the descriptor pageblocks on 2 MiB pages once the set-up is done
    /// (`Machine.descriptorHugeShare`); nil when none was claimed.
    public var descriptorHugeShare: Double?
    /// Milliseconds of warm-up before the round's repetitions (`RoundScheduler.calibrate`).
    public var warmupMilliseconds: Double
    /// The round's `HostProbe` reading (ns a step, medians over the round's samples): the
    /// same for every row of the round's group of machines.
    public var hostComputeNanoseconds: Double?
    public var hostChaseNanoseconds: Double?
    /// Anything unusual about this round (a machine measured apart from the others).
    public var note: String
}
