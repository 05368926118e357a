/// One measurement: one layout running one workload with one parameter set.
///
/// This is exactly one line of the results CSV. The columns are fixed and ordered (see
/// `ResultRow.columns`) so that files from different runs and machines can be compared
/// with `Comparison.change(old:new:oldSamples:newSamples:)` or with any spreadsheet.
///
/// A row is measured in `rounds`: each round is a fresh set of simulated machines on which
/// every layout is timed, interleaved, and gives one value per row (made from the round's
/// repetitions by `RoundValue`). The per-round values are in the samples file beside the results
/// (`SampleRow`); the row keeps their summary.
public struct ResultRow: Equatable, Hashable, Sendable {
    /// `struct page` layout under test (`legacy64`, `twoword16`, `chead16`), or a reference:
    /// `jemalloc` (a userspace allocator) or `floor` (the bare memory-access pattern with no
    /// allocator logic at all). `NAME#k` is the k-th copy of layout NAME in the same run (an
    /// A/A check: it should come out like NAME).
    public var layout: String
    /// What was run, e.g. `alloc_free`.
    public var workload: String
    /// Parameters as `key=value` pairs separated by `;`, e.g. `order=0;batch=16`; may be empty.
    /// A `floor` row also carries `layout=<name>` for the layout whose access pattern it mirrors.
    public var variant: String
    /// Size of the simulated physical memory, in bytes.
    public var arenaBytes: Int
    /// Rounds measured.
    public var rounds: Int
    /// Operations timed in one repetition (the median over rounds).
    public var opsPerRep: Int
    /// Timed repetitions kept, over all rounds.
    public var reps: Int
    /// The estimate, nanoseconds per operation: the geometric mean of the per-round values.
    public var nsPerOp: Double
    /// Lower end of the 95 % interval of `nsPerOp` (see `Statistics.logInterval`). With one
    /// round there is nothing to spread over, so this and `ciHigh` come from that round's
    /// repetitions instead (`Statistics.rowInterval`): repetitions share the round's machine
    /// state, so that interval is a fallback and is not guaranteed to be wider or narrower
    /// than the rounds would show. NaN when neither was possible.
    public var ciLow: Double
    /// Upper end of the 95 % interval of `nsPerOp`; see `ciLow`.
    public var ciHigh: Double
    /// Median over all repetitions of all rounds, nanoseconds per operation.
    public var nsPerOpMedian: Double
    /// Fastest repetition, nanoseconds per operation.
    public var nsPerOpMin: Double
    /// Slowest repetition, nanoseconds per operation.
    public var nsPerOpMax: Double
    /// Metadata cost of the layout: bytes of per-page metadata divided by pages managed.
    public var metadataBytesPerPage: Double
    /// Median latency of one batch, in nanoseconds.
    public var batchP50Ns: Double
    /// 99th-percentile latency of one batch, in nanoseconds (the tail a caller actually feels).
    public var batchP99Ns: Double
    /// Operations per timed batch.
    public var opsPerBatch: Int
    /// Value folded from the work done, so the optimiser cannot delete it and so runs of
    /// different layouts can be checked for doing the same work. Printed as hex.
    public var checksum: UInt64
    /// Typed extra results (retry rate, failures, free blocks per order...), in a fixed order.
    public var counters: [Counter]
    /// Free text for people; may be empty. Numbers belong in `counters`.
    public var note: String

    public init(layout: String, workload: String, variant: String = "", arenaBytes: Int, rounds: Int, opsPerRep: Int, reps: Int,
                nsPerOp: Double, ciLow: Double, ciHigh: Double,
                nsPerOpMedian: Double, nsPerOpMin: Double, nsPerOpMax: Double, metadataBytesPerPage: Double,
                batchP50Ns: Double, batchP99Ns: Double, opsPerBatch: Int, checksum: UInt64,
                counters: [Counter] = [], note: String = "") {
        self.layout = layout
        self.workload = workload
        self.variant = variant
        self.arenaBytes = arenaBytes
        self.rounds = rounds
        self.opsPerRep = opsPerRep
        self.reps = reps
        self.nsPerOp = nsPerOp
        self.ciLow = ciLow
        self.ciHigh = ciHigh
        self.nsPerOpMedian = nsPerOpMedian
        self.nsPerOpMin = nsPerOpMin
        self.nsPerOpMax = nsPerOpMax
        self.metadataBytesPerPage = metadataBytesPerPage
        self.batchP50Ns = batchP50Ns
        self.batchP99Ns = batchP99Ns
        self.opsPerBatch = opsPerBatch
        self.checksum = checksum
        self.counters = counters
        self.note = note
    }

    /// The CSV header, in file order. Readers reject any file whose header differs.
    public static let columns: [String] = [
        "layout", "workload", "variant", "arena_bytes", "rounds", "ops_per_rep", "reps",
        "ns_per_op", "ci_low", "ci_high",
        "ns_per_op_median", "ns_per_op_min", "ns_per_op_max", "metadata_bytes_per_page",
        "batch_p50_ns", "batch_p99_ns", "ops_per_batch", "checksum", "counters", "note",
    ]

    /// The value of the first counter called `name`; nil if the row has none.
    public func counter(_ name: String) -> Double? {
        counters.first { $0.name == name }?.value
    }

    /// `nsPerOp` with its interval; `n` is the rounds, or with one round the repetitions the
    /// interval came from. Without finite bounds it is a bare estimate.
    public var interval: Interval {
        guard ciLow.isFinite, ciHigh.isFinite else { return .point(nsPerOp) }
        return Interval(estimate: nsPerOp, low: ciLow, high: ciHigh, n: rounds >= 2 ? rounds : reps)
    }
}
