/// How precise a run is, per workload (`compare FILE --precision`): its ratios to `legacy64`
/// (every layout but `legacy64` itself, A/A copies included), how many of them have a
/// measured interval and how many of those resolve a difference (the interval excludes 1),
/// and the median and widest half-width, as the tables' `± %` spell it: the larger side over
/// the estimate (`Interval.halfWidthFraction`). A workload whose widest interval is wider than
/// the differences a reader cares about needs more rounds (`run --rounds`), or a second run;
/// given that width (`--within`), the table counts the ratios within it and says how many
/// rounds the workload's most demanding ratio would take to get there (`Statistics.rounds(toReach:for:)`).
public enum PrecisionTable {
    public static let footnote = "half-width: the larger side of a ratio's 95 % interval over its estimate, as the tables' ± %. "
        + "Resolved: the interval excludes 1."
    public static let boundFootnote = "Rounds for the bound: what the workload's ratio that asks most against its own rounds "
        + "would take, had its rounds scattered as in this run (t(m-1)·s/√m ≤ log(1 + bound)), beside the rounds it ran; "
        + "the largest of many spreads from few rounds runs high, and another hour can scatter more."

    /// One workload's ratios to `legacy64`.
    public struct Summary: Equatable, Sendable {
        public var workload: String
        /// Ratios to `legacy64` in the file, with or without an interval.
        public var ratios: Int
        /// Those with a measured interval (two or more paired rounds).
        public var measured: Int
        /// Measured intervals that exclude 1.
        public var resolved: Int
        /// Over the measured intervals, as fractions (0.03 is ±3 %); nil when none is measured.
        public var medianHalfWidth: Double?
        public var widestHalfWidth: Double?
        /// The row with the widest interval: its variant, layout and arena (a workload's rows
        /// of every arena in the file are summarised together).
        public var widestRow: String?
        /// With a bound: measured ratios whose half-width is within it, and, of the ratio that
        /// would take the most rounds to get within it relative to the rounds it ran, those
        /// rounds (`Int.max`: past a million; `inf` in csv and json) and the rounds it ran. Nil
        /// without a bound or a measured ratio.
        public var withinBound: Int? = nil
        public var roundsForBound: Int? = nil
        public var roundsRun: Int? = nil
    }

    /// Workloads in the order they first appear; `bound` (0.03 for ±3 %) adds the counts
    /// against it.
    public static func summaries(_ comparison: [ComparisonRow], within bound: Double? = nil) -> [Summary] {
        var order: [String] = []
        var byWorkload: [String: [(row: ComparisonRow, ratio: Interval)]] = [:]
        for row in comparison where row.layout != Comparison.legacy64 {
            guard let ratio = row.vsLegacy64 else { continue }
            if byWorkload[row.workload] == nil { order.append(row.workload) }
            byWorkload[row.workload, default: []].append((row, ratio))
        }
        return order.map { workload in
            let all = byWorkload[workload]!
            // Measured intervals, narrowest first.
            let measured = all.filter { $0.ratio.hasBounds && $0.ratio.halfWidthFraction.isFinite }
                .sorted { $0.ratio.halfWidthFraction < $1.ratio.halfWidthFraction }
            let widest = measured.last
            var summary = Summary(workload: workload, ratios: all.count, measured: measured.count,
                                  resolved: measured.filter { $0.ratio.excludes(1) }.count,
                                  medianHalfWidth: measured.isEmpty ? nil : median(measured.map(\.ratio.halfWidthFraction)),
                                  widestHalfWidth: widest?.ratio.halfWidthFraction,
                                  widestRow: widest.map { "\($0.row.variant) \($0.row.layout) \(ByteSize.format($0.row.arenaBytes))" })
            if let bound, !measured.isEmpty {
                summary.withinBound = measured.filter { $0.ratio.halfWidthFraction <= bound }.count
                let asks = measured.compactMap { entry in
                    Statistics.rounds(toReach: bound, for: entry.ratio).map { (rounds: $0, ran: entry.ratio.n) }
                }
                // The most against the rounds run: what scaling the workload's rounds would have
                // to give, at this run's scatter (which the next run's can exceed).
                if let most = asks.max(by: { Double($0.rounds) / Double($0.ran) < Double($1.rounds) / Double($1.ran) }) {
                    (summary.roundsForBound, summary.roundsRun) = (most.rounds, most.ran)
                }
            }
            return summary
        }
    }

    /// The middle value of sorted `values` (the mean of the two middle ones for an even count).
    static func median(_ values: [Double]) -> Double {
        let mid = values.count / 2
        return values.count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2
    }

    /// For people, `±3.2 %`; for machines (csv, json), snake-case columns and plain percentages.
    /// With a bound, the columns against it (for machines, the bound too).
    static func table(_ summaries: [Summary], forPeople: Bool, bound: Double? = nil) -> TextTable {
        func percent(_ fraction: Double?) -> TextTable.Cell {
            guard let fraction else { return .missing }
            let value = NumberText.fixed(fraction * 100, decimals: forPeople ? 1 : 3)
            return .number(forPeople ? "±" + value + " %" : value)
        }
        func count(_ value: Int?) -> TextTable.Cell {
            guard let value else { return .missing }
            if value == Int.max { return .number(forPeople ? "> 1e6" : "inf") }
            return .number(String(value))
        }
        var columns = forPeople
            ? ["workload", "ratios", "with interval", "resolved", "median half-width", "widest half-width", "widest row"]
            : ["workload", "ratios", "with_interval", "resolved", "median_half_width_percent", "widest_half_width_percent",
               "widest_row"]
        if let bound {
            // 7 % arrives as 0.07, which times 100 is 7.000000000000001: compare in tenths, loosely.
            let percent = bound * 100
            let named = NumberText.fixed(percent, decimals: abs((percent * 10).rounded() - percent * 10) < 1e-6 ? 1 : 2)
            columns += forPeople ? ["within ±\(named) %", "rounds for ±\(named) %", "of its rounds"]
                : ["bound_percent", "within_bound", "rounds_for_bound", "rounds_run"]
        }
        return TextTable(columns: columns, rows: summaries.map { s in
            var cells: [TextTable.Cell] = [
                .text(s.workload), .number(String(s.ratios)), .number(String(s.measured)), .number(String(s.resolved)),
                percent(s.medianHalfWidth), percent(s.widestHalfWidth), s.widestRow.map { .text($0) } ?? .missing]
            if let bound {
                if !forPeople { cells.append(.number(NumberText.fixed(bound * 100, decimals: 3))) }
                cells += [count(s.withinBound), count(s.roundsForBound), count(s.roundsRun)]
            }
            return cells
        })
    }
}

extension ResultFormat {
    /// Renders `PrecisionTable`'s summaries of a one-run comparison, against `bound` when
    /// one is given; the table and markdown forms end with its footnote.
    public func renderPrecision(_ comparison: [ComparisonRow], within bound: Double? = nil) -> String {
        let forPeople = self == .table || self == .markdown
        let table = PrecisionTable.table(PrecisionTable.summaries(comparison, within: bound), forPeople: forPeople, bound: bound)
        guard forPeople else { return render(table) }
        let footnote = PrecisionTable.footnote + (bound == nil ? "" : " " + PrecisionTable.boundFootnote)
        return render(table) + "\n" + footnote + "\n"
    }
}
