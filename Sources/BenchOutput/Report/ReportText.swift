import Foundation

/// How numbers are spelled in the report's sentences and tables (people read these, so
/// fewer digits than the CSV's fixed 3 decimals).
enum ReportNumber {
    /// Nanoseconds (or any measured quantity) with 1 to 3 decimals by size: `882.6`, `31.2`,
    /// `5.91`, `0.232`; below 0.1, three significant digits (`0.0123`).
    static func ns(_ value: Double) -> String { NumberText.readable(value) }

    /// A row's estimate with its own 95 % interval: `31.2 [29.8, 32.7]`.
    static func interval(_ row: ResultRow) -> String {
        guard let bar = row.errorBar else { return ns(row.nsPerOp) }
        return ns(row.nsPerOp) + " [" + ns(bar.low) + ", " + ns(bar.high) + "]"
    }

    /// A ratio, 2 decimals and an `x`: `1.80x`.
    static func ratio(_ value: Double) -> String { NumberText.fixed(value, decimals: 2) + "x" }

    /// A ratio with its interval: `1.80x [1.71, 1.90]`; a bare estimate alone.
    static func ratio(_ interval: Interval) -> String {
        guard interval.hasBounds else { return ratio(interval.estimate) }
        return ratio(interval.estimate) + " [" + NumberText.fixed(interval.low, decimals: 2) + ", "
            + NumberText.fixed(interval.high, decimals: 2) + "]"
    }

    /// Nanoseconds added, as a decision-table cell (or, with `unit`, in a sentence):
    /// `+3.1 [+1.2, +5.0]` when the interval excludes 0, `no difference resolved` when it
    /// holds 0, `+3.1 (no interval)` for a bare estimate.
    static func added(_ interval: Interval, unit: String = "") -> String {
        func signed(_ x: Double) -> String { (x >= 0 ? "+" : "") + ns(x) }
        let unit = unit.isEmpty ? "" : " " + unit
        guard interval.hasBounds else { return signed(interval.estimate) + unit + " (no interval)" }
        guard interval.excludes(0) else { return ReportNumber.noDifference }
        return signed(interval.estimate) + unit + " [" + signed(interval.low) + ", " + signed(interval.high) + "]"
    }

    /// What a cell or a sentence says instead of a number when the interval holds no change.
    static let noDifference = "no difference resolved"

    /// Bytes per page, 2 decimals as in the CSV: `19.46`.
    static func bytesPerPage(_ value: Double) -> String { NumberText.bytesPerPage(value) }

    /// A fraction as a percentage with 2 decimals: 0.0052 → `0.52%`.
    static func percent(fraction: Double) -> String { NumberText.fixed(fraction * 100, decimals: 2) + "%" }

    /// A relative change with its sign and 1 decimal: 0.375 → `+37.5%`.
    static func signedPercent(fraction: Double) -> String {
        (fraction >= 0 ? "+" : "") + NumberText.fixed(fraction * 100, decimals: 1) + "%"
    }

    /// A signed difference in nanoseconds: `+12.3 ns`.
    static func signedNs(_ value: Double) -> String { (value >= 0 ? "+" : "") + ns(value) + " ns" }

    /// A count from a counter: a whole number when it is one, else as `ns`.
    static func count(_ value: Double) -> String {
        value.isFinite && value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : ns(value)
    }
}

/// Small pieces of sentences the sections share.
enum Phrase {
    /// A timed ratio as the report states it: `1.80x [1.71, 1.90] legacy64 (31.2 vs 17.3 ns)`
    /// when its interval excludes 1; `indistinguishable from legacy64 in this run (no difference
    /// resolved: 1.02x [0.97, 1.07]; 31.2 vs 30.6 ns)` when it holds 1; a bare estimate (no samples in common
    /// rounds) says so. nil without a ratio.
    static func versus(_ ratio: Interval?, _ referenceName: String, values: (Double, Double)? = nil,
                       unit: String = "ns") -> String? {
        guard let ratio, ratio.estimate.isFinite else { return nil }
        let suffix = unit.isEmpty ? "" : " " + unit
        let numbers = values.map { "\(ReportNumber.ns($0.0)) vs \(ReportNumber.ns($0.1))\(suffix)" }
        guard ratio.hasBounds else {
            let bare = "bare estimate, no rounds in common"
            return "\(ReportNumber.ratio(ratio.estimate)) \(referenceName)"
                + (numbers.map { " (\($0); \(bare))" } ?? ", \(bare)")
        }
        let bracketed = ReportNumber.ratio(ratio)
        if ratio.contains(1) {
            return "indistinguishable from \(referenceName) in this run (no difference resolved: \(bracketed)"
                + (numbers.map { "; " + $0 } ?? "") + ")"
        }
        return "\(bracketed) \(referenceName)" + (numbers.map { " (" + $0 + ")" } ?? "")
    }

    /// A ratio in a list (`legacy64 1.15x [1.02, 1.31]`): the ratio and its interval when
    /// the interval excludes 1, `no difference resolved (1.00x [0.97, 1.03])` when it holds 1,
    /// `1.15x (bare estimate)` without an interval.
    static func ratio(_ ratio: Interval) -> String {
        guard ratio.hasBounds else { return ReportNumber.ratio(ratio.estimate) + " (bare estimate)" }
        return ratio.contains(1) ? "\(ReportNumber.noDifference) (\(ReportNumber.ratio(ratio)))" : ReportNumber.ratio(ratio)
    }

    /// A ratio of exact counts (cachegrind's simulated misses and instructions are the same
    /// in every run, so they carry no interval): `0.52x legacy64 (0.7 vs 1.35 per op)`.
    static func countVersus(_ value: Double?, _ reference: Double?, _ referenceName: String, unit: String) -> String? {
        guard let value, let ratio = Comparison.ratio(value, reference), let reference else { return nil }
        return "\(ReportNumber.ratio(ratio)) \(referenceName) (\(ReportNumber.ns(value)) vs \(ReportNumber.ns(reference)) \(unit))"
    }

    /// `a`, `a and b`, `a, b and c`.
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
        }
    }

    /// A variant for prose: `order=0;batch=16` → `order=0 batch=16`; empty stays empty.
    static func variant(_ text: String) -> String {
        text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: " ")
    }

    /// `` `name` `` for code-like names in prose.
    static func code(_ text: String) -> String { "`" + text.replacingOccurrences(of: "`", with: "'") + "`" }

    /// Markdown bullet list, one item per line, ending with a newline; empty for no items.
    static func bullets(_ items: [String]) -> String {
        items.map { "- " + $0 + "\n" }.joined()
    }
}

/// The Markdown tables of raw rows each scenario section ends with.
enum RowTable {
    /// Columns: layout, variant, [arena when rows differ in it], ns/op median, metadata B/page,
    /// [counters when any row has them], note; plus `workload` first when `showWorkload`.
    static func markdown(_ rows: [ResultRow], showWorkload: Bool = false) -> String {
        let showArena = Set(rows.map(\.arenaBytes)).count > 1
        let showCounters = rows.contains { !$0.counters.isEmpty }
        var columns = ["layout", "variant"]
        if showWorkload { columns.insert("workload", at: 0) }
        if showArena { columns.append("arena") }
        columns += ["ns/op median", "metadata B/page"] + (showCounters ? ["counters"] : []) + ["note"]
        let cells: [[TextTable.Cell]] = rows.map { row in
            var cells: [TextTable.Cell] = [.text(row.layout), .text(row.variant)]
            if showWorkload { cells.insert(.text(row.workload), at: 0) }
            if showArena { cells.append(.number(ByteSize.format(row.arenaBytes))) }
            cells += [.number(ReportNumber.ns(row.nsPerOpMedian)),
                      .number(ReportNumber.bytesPerPage(row.metadataBytesPerPage))]
            if showCounters {
                cells.append(.text(row.counters.map { "\($0.name)=\(NumberText.roundTrip($0.value))" }.joined(separator: " ")))
            }
            cells.append(.text(row.note))
            return cells
        }
        return TextTable(columns: columns, rows: cells).markdown()
    }
}
