/// One measurement: one layout running one workload with one parameter set.
///
/// This is exactly one line of the results CSV. The columns are fixed and ordered (see
/// `ResultRow.columns`) so that files from different runs and machines can be compared
/// with `Comparison.change(old:new:)` or with any spreadsheet.
public struct ResultRow: Equatable, Hashable, Sendable {
    /// `struct page` layout under test (`legacy64`, `twoword16`, `chead16`), or a reference:
    /// `jemalloc` (a userspace allocator) or `floor` (the bare memory-access pattern with no
    /// allocator logic at all).
    public var layout: String
    /// What was run, e.g. `alloc_free`.
    public var workload: String
    /// Parameters as `key=value` pairs separated by `;`, e.g. `order=0;batch=16`; may be empty.
    /// A `floor` row also carries `layout=<name>` for the layout whose access pattern it mirrors.
    public var variant: String
    /// Size of the simulated physical memory, in bytes.
    public var arenaBytes: Int
    /// Operations timed in one repetition.
    public var opsPerRep: Int
    /// Number of timed repetitions.
    public var reps: Int
    /// Median over repetitions of nanoseconds per operation.
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
    /// Free text; may be empty.
    public var note: String

    public init(
        layout: String, workload: String, variant: String = "",
        arenaBytes: Int, opsPerRep: Int, reps: Int,
        nsPerOpMedian: Double, nsPerOpMin: Double, nsPerOpMax: Double,
        metadataBytesPerPage: Double,
        batchP50Ns: Double, batchP99Ns: Double, opsPerBatch: Int,
        checksum: UInt64, note: String = ""
    ) {
        self.layout = layout
        self.workload = workload
        self.variant = variant
        self.arenaBytes = arenaBytes
        self.opsPerRep = opsPerRep
        self.reps = reps
        self.nsPerOpMedian = nsPerOpMedian
        self.nsPerOpMin = nsPerOpMin
        self.nsPerOpMax = nsPerOpMax
        self.metadataBytesPerPage = metadataBytesPerPage
        self.batchP50Ns = batchP50Ns
        self.batchP99Ns = batchP99Ns
        self.opsPerBatch = opsPerBatch
        self.checksum = checksum
        self.note = note
    }

    /// The CSV header, in file order. Readers reject any file whose header differs.
    public static let columns: [String] = [
        "layout", "workload", "variant", "arena_bytes", "ops_per_rep", "reps",
        "ns_per_op_median", "ns_per_op_min", "ns_per_op_max", "metadata_bytes_per_page",
        "batch_p50_ns", "batch_p99_ns", "ops_per_batch", "checksum", "note",
    ]
}
