/// One layout's result in one run, next to the references it should be judged against.
///
/// A ratio below 1 means faster than the reference. `vsFloor` shows how much of the time is
/// allocator logic rather than the memory traffic the layout cannot avoid. Ratios come from
/// paired rounds when the samples are there (`Statistics.pairedRatio`), else they are bare
/// estimates (`Interval.point`) from the rows' `ns_per_op`.
public struct ComparisonRow: Equatable, Sendable {
    public var workload: String
    public var variant: String
    public var layout: String
    public var arenaBytes: Int
    /// Rounds behind the row; with one, its interval came from repetitions.
    public var rounds: Int
    /// The row's estimate, ns/op.
    public var nsPerOp: Double
    /// The row's own interval (from `ci_low`/`ci_high`); a bare estimate when it has none.
    public var interval: Interval
    /// Against the `legacy64` row with the same workload, variant and arena; nil if absent.
    public var vsLegacy64: Interval?
    /// Against the `jemalloc` row with the same workload, variant and arena; nil if absent.
    public var vsJemalloc: Interval?
    /// Against the `floor` row with the same workload and arena whose variant is this one
    /// plus `layout=<this layout>`; nil if absent.
    public var vsFloor: Interval?
    /// Nanoseconds per operation added against `legacy64`, paired per round
    /// (`Statistics.pairedDifference`); nil if there is no `legacy64` row.
    public var addedVsLegacy64: Interval?

    public init(workload: String, variant: String, layout: String, arenaBytes: Int, rounds: Int, nsPerOp: Double,
                interval: Interval, vsLegacy64: Interval?, vsJemalloc: Interval?, vsFloor: Interval?,
                addedVsLegacy64: Interval?) {
        self.workload = workload
        self.variant = variant
        self.layout = layout
        self.arenaBytes = arenaBytes
        self.rounds = rounds
        self.nsPerOp = nsPerOp
        self.interval = interval
        self.vsLegacy64 = vsLegacy64
        self.vsJemalloc = vsJemalloc
        self.vsFloor = vsFloor
        self.addedVsLegacy64 = addedVsLegacy64
    }

    /// The csv/json columns: every estimate with its low and high.
    public static let columns = ["workload", "variant", "layout", "arena_bytes", "rounds"]
        + IntervalText.columns("ns_per_op") + IntervalText.columns("vs_legacy64")
        + IntervalText.columns("vs_jemalloc") + IntervalText.columns("vs_floor")
        + IntervalText.columns("added_vs_legacy64_ns")

    /// Printed under the table and markdown forms, which mark ratios with `*`.
    public static let footnote = "* the 95 % interval, from paired rounds, excludes 1"

    /// Every column, for machines.
    static func dataTable(_ rows: [ComparisonRow]) -> TextTable {
        TextTable(columns: columns, rows: rows.map { row in
            [.text(row.workload), .text(row.variant), .text(row.layout), .number(String(row.arenaBytes)),
             .number(String(row.rounds))]
                + IntervalText.cells(row.interval, NumberText.nanoseconds)
                + IntervalText.cells(row.vsLegacy64) + IntervalText.cells(row.vsJemalloc) + IntervalText.cells(row.vsFloor)
                + IntervalText.cells(row.addedVsLegacy64, NumberText.nanoseconds)
        })
    }

    /// For people: each ratio as `0.870 [0.850, 0.890] *`; see `footnote`.
    static func displayTable(_ rows: [ComparisonRow]) -> TextTable {
        func ratio(_ interval: Interval?) -> TextTable.Cell {
            interval.map { .number(IntervalText.bracketed($0, marking: 1)) } ?? .missing
        }
        return TextTable(
            columns: ["workload", "variant", "layout", "arena", "rounds", "ns/op", "vs legacy64", "vs jemalloc", "vs floor",
                      "ns added vs legacy64"],
            rows: rows.map { row in
                [.text(row.workload), .text(row.variant), .text(row.layout), .number(ByteSize.format(row.arenaBytes)),
                 .number(String(row.rounds)), .number(IntervalText.plusMinus(row.interval, fromRepetitions: row.rounds == 1)),
                 ratio(row.vsLegacy64), ratio(row.vsJemalloc), ratio(row.vsFloor),
                 row.addedVsLegacy64.map { .number(IntervalText.bracketed($0, NumberText.readable)) } ?? .missing]
            })
    }
}
