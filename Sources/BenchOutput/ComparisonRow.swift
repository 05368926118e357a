/// One layout's result in one run, next to the references it should be judged against.
///
/// A ratio below 1 means faster than the reference. `vsFloor` shows how much of the time is
/// allocator logic rather than the memory traffic the layout cannot avoid.
public struct ComparisonRow: Equatable, Sendable {
    public var workload: String
    public var variant: String
    public var layout: String
    public var nsPerOpMedian: Double
    /// Median / the `legacy64` median for the same workload and variant; nil if absent.
    public var vsLegacy64: Double?
    /// Median / the `jemalloc` median for the same workload and variant; nil if absent.
    public var vsJemalloc: Double?
    /// Median / the `floor` median for the same workload whose variant is this one plus
    /// `layout=<this layout>`; nil if absent.
    public var vsFloor: Double?

    public init(workload: String, variant: String, layout: String, nsPerOpMedian: Double,
                vsLegacy64: Double?, vsJemalloc: Double?, vsFloor: Double?) {
        self.workload = workload
        self.variant = variant
        self.layout = layout
        self.nsPerOpMedian = nsPerOpMedian
        self.vsLegacy64 = vsLegacy64
        self.vsJemalloc = vsJemalloc
        self.vsFloor = vsFloor
    }

    public static let columns = [
        "workload", "variant", "layout", "ns_per_op_median", "vs_legacy64", "vs_jemalloc", "vs_floor",
    ]

    static func table(_ rows: [ComparisonRow]) -> TextTable {
        TextTable(columns: columns, rows: rows.map { row in
            [
                .text(row.workload), .text(row.variant), .text(row.layout),
                .number(NumberText.nanoseconds(row.nsPerOpMedian)),
                ratioCell(row.vsLegacy64), ratioCell(row.vsJemalloc), ratioCell(row.vsFloor),
            ]
        })
    }
}

/// A ratio, or an empty cell when there was nothing to divide by.
func ratioCell(_ ratio: Double?) -> TextTable.Cell {
    ratio.map { .number(NumberText.ratio($0)) } ?? .missing
}
