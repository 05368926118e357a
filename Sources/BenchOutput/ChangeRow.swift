/// How one (layout, workload, variant, arena) moved between an old run and a new one.
public struct ChangeRow: Equatable, Sendable {
    public var layout: String
    public var workload: String
    public var variant: String
    public var arenaBytes: Int
    /// The old run's estimate, ns/op; nil if the row is only in the new run.
    public var oldNsPerOp: Double?
    /// The new run's estimate, ns/op; nil if the row is only in the old run.
    public var newNsPerOp: Double?
    /// new / old; below 1 means the new run is faster. With two or more rounds on each side
    /// a Welch interval (`Statistics.unpairedRatio`: the runs are not paired), else a bare
    /// estimate from the rows. Nil when one side is missing.
    public var ratio: Interval?
    /// Two-sided Mann-Whitney p-value of the two runs' round values; nil when untestable.
    public var pValue: Double?
    /// p < 0.05; nil when a side has no samples or fewer than two rounds (`note` says which).
    public var changed: Bool?
    /// Why cells are empty, or other remarks; may be empty.
    public var note: String

    public init(layout: String, workload: String, variant: String, arenaBytes: Int, oldNsPerOp: Double?,
                newNsPerOp: Double?, ratio: Interval?, pValue: Double?, changed: Bool?, note: String = "") {
        self.layout = layout
        self.workload = workload
        self.variant = variant
        self.arenaBytes = arenaBytes
        self.oldNsPerOp = oldNsPerOp
        self.newNsPerOp = newNsPerOp
        self.ratio = ratio
        self.pValue = pValue
        self.changed = changed
        self.note = note
    }

    /// The csv/json columns.
    public static let columns = ["layout", "workload", "variant", "arena_bytes", "old_ns_per_op", "new_ns_per_op"]
        + IntervalText.columns("ratio") + ["p_value", "changed", "note"]

    /// Every column, for machines.
    static func dataTable(_ rows: [ChangeRow]) -> TextTable {
        TextTable(columns: columns, rows: rows.map { row in
            [.text(row.layout), .text(row.workload), .text(row.variant), .number(String(row.arenaBytes)),
             nanoseconds(row.oldNsPerOp, NumberText.nanoseconds), nanoseconds(row.newNsPerOp, NumberText.nanoseconds)]
                + IntervalText.cells(row.ratio)
                + [pCell(row.pValue), row.changed.map { .bool($0) } ?? .missing, .text(row.note)]
        })
    }

    /// For people: the ratio as `0.870 [0.850, 0.890]`, the verdict in `changed`.
    static func displayTable(_ rows: [ChangeRow]) -> TextTable {
        TextTable(
            columns: ["layout", "workload", "variant", "arena", "old ns/op", "new ns/op", "new/old", "p", "changed", "note"],
            rows: rows.map { row in
                [.text(row.layout), .text(row.workload), .text(row.variant), .number(ByteSize.format(row.arenaBytes)),
                 nanoseconds(row.oldNsPerOp, NumberText.readable), nanoseconds(row.newNsPerOp, NumberText.readable),
                 row.ratio.map { .number(IntervalText.bracketed($0)) } ?? .missing,
                 pCell(row.pValue), row.changed.map { .bool($0) } ?? .missing, .text(row.note)]
            })
    }

    private static func nanoseconds(_ value: Double?, _ format: (Double) -> String) -> TextTable.Cell {
        value.map { .number(format($0)) } ?? .missing
    }

    private static func pCell(_ p: Double?) -> TextTable.Cell {
        p.map { .number(NumberText.fixed($0, decimals: 4)) } ?? .missing
    }
}
