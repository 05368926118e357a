/// One round of one row: the raw data behind a `ResultRow`'s estimate and interval.
///
/// Rows of the same round were timed interleaved on the same fresh machines, so they are
/// paired: `Comparison` divides them round by round. Written beside the results as
/// `X.samples.csv` (see `samplesPath(forResults:)`), exactly (shortest round-trip numbers,
/// not the results' fixed decimals), because statistics are computed from it.
public struct SampleRow: Hashable, Sendable {
    public var layout: String
    public var workload: String
    public var variant: String
    public var arenaBytes: Int
    /// The round, counted from 0 or 1 as the runner likes; equal numbers pair rows.
    public var round: Int
    /// The round's value, ns/op made from its repetitions (`rep_ns_per_op`) by the run's
    /// `RoundValue` rule.
    public var nsPerOp: Double
    /// Operations per repetition in this round.
    public var opsPerRep: Int
    /// ns/op of each kept repetition, in the order they ran.
    public var repNsPerOp: [Double]
    /// The CPU the round ran on (-1 if unknown): a round on another core is a different machine.
    public var cpu: Int
    /// Share of the memmap backed by huge pages, when known (it changes TLB behaviour).
    public var memmapHugeShare: Double?
    /// Share of the descriptor pageblocks backed by huge pages, when the machine claimed any.
    public var descriptorHugeShare: Double?
    /// Milliseconds of timed warm-up batches this row ran in the round before its
    /// repetitions, until they stopped getting faster; written to the microsecond (no
    /// statistic reads it back); nil in files from before the warm-up was recorded.
    public var warmupMilliseconds: Double?
    /// The round's host probe, ns a step (the same in every row of the round's group of
    /// machines): a stretch of independent integer work, which slows when the core's width is
    /// taken from it (likely by a busy sibling hyperthread on the host), and a chase through
    /// 8 MiB, which slows when others take the last-level cache. nil in files from before the probe.
    public var hostComputeNanoseconds: Double?
    public var hostChaseNanoseconds: Double?
    /// Free text; may be empty.
    public var note: String

    public init(layout: String, workload: String, variant: String = "", arenaBytes: Int, round: Int,
                nsPerOp: Double, opsPerRep: Int, repNsPerOp: [Double], cpu: Int,
                memmapHugeShare: Double? = nil, descriptorHugeShare: Double? = nil,
                warmupMilliseconds: Double? = nil, hostComputeNanoseconds: Double? = nil,
                hostChaseNanoseconds: Double? = nil, note: String = "") {
        self.layout = layout
        self.workload = workload
        self.variant = variant
        self.arenaBytes = arenaBytes
        self.round = round
        self.nsPerOp = nsPerOp
        self.opsPerRep = opsPerRep
        self.repNsPerOp = repNsPerOp
        self.cpu = cpu
        self.memmapHugeShare = memmapHugeShare
        self.descriptorHugeShare = descriptorHugeShare
        self.warmupMilliseconds = warmupMilliseconds
        self.hostComputeNanoseconds = hostComputeNanoseconds
        self.hostChaseNanoseconds = hostChaseNanoseconds
        self.note = note
    }

    /// The samples file for a results file: `X.csv` → `X.samples.csv`; a path that does
    /// not end in `.csv` gets `.samples.csv` appended.
    public static func samplesPath(forResults path: String) -> String {
        (path.hasSuffix(".csv") ? String(path.dropLast(4)) : path) + ".samples.csv"
    }

    /// Whether this sample belongs to `row` (same layout, workload, variant and arena).
    public func belongs(to row: ResultRow) -> Bool {
        layout == row.layout && workload == row.workload && variant == row.variant && arenaBytes == row.arenaBytes
    }
}

extension SampleRow: CSVRecord {
    public static let columns: [String] = [
        "layout", "workload", "variant", "arena_bytes", "round", "ns_per_op", "ops_per_rep",
        "rep_ns_per_op", "cpu", "memmap_huge_share", "descriptor_huge_share", "warmup_ms",
        "host_compute_ns", "host_chase_ns", "note",
    ]

    /// Files from before descriptor pageblocks, the warm-up's record or the host probe lack
    /// their columns.
    public static let addedColumns: Set<String> = ["descriptor_huge_share", "warmup_ms", "host_compute_ns", "host_chase_ns"]

    public static var contentName: String { "samples" }

    public var fields: [String] {
        [
            layout, workload, variant, String(arenaBytes), String(round),
            NumberText.roundTrip(nsPerOp), String(opsPerRep),
            repNsPerOp.map(NumberText.roundTrip).joined(separator: " "),
            String(cpu), memmapHugeShare.map(NumberText.roundTrip) ?? "",
            descriptorHugeShare.map(NumberText.roundTrip) ?? "",
            warmupMilliseconds.map { NumberText.fixed($0, decimals: 3) } ?? "",
            hostComputeNanoseconds.map { NumberText.fixed($0, decimals: 4) } ?? "",
            hostChaseNanoseconds.map { NumberText.fixed($0, decimals: 3) } ?? "", note,
        ]
    }

    public init(fields: [String], location: String) throws(BenchOutputError) {
        let f = try FieldReader(fields, columns: Self.columns, location: location)
        self.init(layout: f[0], workload: f[1], variant: f[2], arenaBytes: try f.int(3), round: try f.int(4),
                  nsPerOp: try f.double(5), opsPerRep: try f.int(6), repNsPerOp: try f.doubles(7),
                  cpu: try f.int(8), memmapHugeShare: try f.optionalDouble(9), descriptorHugeShare: try f.optionalDouble(10),
                  warmupMilliseconds: try f.optionalDouble(11), hostComputeNanoseconds: try f.optionalDouble(12),
                  hostChaseNanoseconds: try f.optionalDouble(13), note: f[14])
    }
}
