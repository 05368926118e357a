/// How one (layout, workload, variant) moved between an old run and a new one.
public struct ChangeRow: Equatable, Sendable {
    public var layout: String
    public var workload: String
    public var variant: String
    /// Median ns/op in the old run; nil if the row is only in the new run.
    public var oldNsPerOp: Double?
    /// Median ns/op in the new run; nil if the row is only in the old run.
    public var newNsPerOp: Double?
    /// new / old; below 1 means the new run is faster.
    public var ratio: Double?
    /// Whether the difference is larger than the noise either run saw on its own
    /// (see `Comparison.change(old:new:)`); nil when one side is missing.
    public var significant: Bool?
    /// Why cells are empty, or other remarks; may be empty.
    public var note: String

    public init(layout: String, workload: String, variant: String, oldNsPerOp: Double?,
                newNsPerOp: Double?, ratio: Double?, significant: Bool?, note: String = "") {
        self.layout = layout
        self.workload = workload
        self.variant = variant
        self.oldNsPerOp = oldNsPerOp
        self.newNsPerOp = newNsPerOp
        self.ratio = ratio
        self.significant = significant
        self.note = note
    }

    public static let columns = [
        "layout", "workload", "variant", "old_ns_per_op", "new_ns_per_op", "ratio", "significant", "note",
    ]

    static func table(_ rows: [ChangeRow]) -> TextTable {
        TextTable(columns: columns, rows: rows.map { row in
            [
                .text(row.layout), .text(row.workload), .text(row.variant),
                row.oldNsPerOp.map { .number(NumberText.nanoseconds($0)) } ?? .missing,
                row.newNsPerOp.map { .number(NumberText.nanoseconds($0)) } ?? .missing,
                ratioCell(row.ratio),
                row.significant.map { .bool($0) } ?? .missing,
                .text(row.note),
            ]
        })
    }
}
