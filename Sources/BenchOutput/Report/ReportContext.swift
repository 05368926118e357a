import Foundation

/// The rows of one report, with what every section needs to look them up: layouts in
/// first-seen order, their chart colours, and the per-round values that every ratio's
/// interval comes from.
///
/// The sources' order is the order of precedence: a row (layout, workload, variant, arena)
/// measured by several runs is taken from the first. Rows are compared only within the run
/// that measured them (paired rounds exist only there): `ratio` and `difference` of rows
/// from two runs are nil, and the sentence or cell that needed them is left out.
struct ReportContext {
    let rows: [ResultRow]
    /// Layouts measured (not `floor` or `jemalloc`) in first-seen order, then layouts that
    /// only appear as a floor row's `layout=<name>`.
    let layouts: [String]
    let colors: LayoutColors
    /// The runs as given, for the list of sources and the sections that read one run whole.
    let runs: [ReportRun]
    /// The run (its index in `runs`) each row of `rows` came from.
    private let runOfRow: [RowKey: Int]
    private let rounds: RoundsByRow
    /// The per-round samples of `rows`, for tables that pair them themselves.
    let samples: [SampleRow]
    /// The cache size to assume for runs whose sidecars predate recording it.
    let assumedLastLevelCacheBytes: Int?

    /// What tells two rows apart within a run and across runs (parameter order ignored).
    struct RowKey: Hashable {
        var layout: String
        var workload: String
        var variant: Variant
        var arenaBytes: Int

        init(_ row: ResultRow) {
            self.init(layout: row.layout, workload: row.workload, variant: row.variant, arenaBytes: row.arenaBytes)
        }

        init(_ sample: SampleRow) {
            self.init(layout: sample.layout, workload: sample.workload, variant: sample.variant,
                      arenaBytes: sample.arenaBytes)
        }

        init(layout: String, workload: String, variant: String, arenaBytes: Int) {
            self.layout = layout
            self.workload = workload
            self.variant = Variant(variant)
            self.arenaBytes = arenaBytes
        }
    }

    init(rows: [ResultRow]) {
        self.init(runs: [ReportRun(name: "", rows: rows)])
    }

    init(runs: [ReportRun], assumedLastLevelCacheBytes: Int? = nil) {
        self.runs = runs
        self.assumedLastLevelCacheBytes = assumedLastLevelCacheBytes
        var owner: [RowKey: Int] = [:]
        var rows: [ResultRow] = []
        var samples: [SampleRow] = []
        for (index, run) in runs.enumerated() {
            for row in run.rows where owner[RowKey(row)] == nil {
                owner[RowKey(row)] = index
                rows.append(row)
            }
            samples += run.samples.filter { owner[RowKey($0)] == index }
        }
        self.rows = rows
        self.runOfRow = owner
        self.rounds = RoundsByRow(samples)
        self.samples = samples
        var seen: Set<String> = []
        var layouts: [String] = []
        for row in rows where !row.isReference && seen.insert(row.layout).inserted {
            layouts.append(row.layout)
        }
        for row in rows {
            if let target = row.floorTarget, seen.insert(target).inserted { layouts.append(target) }
        }
        self.layouts = layouts
        self.colors = LayoutColors(layouts: layouts)
    }

    /// The last-level cache of the machine that ran `run` (an index in `runs`): its sidecar's,
    /// else `assumedLastLevelCacheBytes`; nil when neither says.
    func lastLevelCacheBytes(ofRun run: Int) -> Int? {
        runs[run].metadata?.lastLevelCacheBytes ?? assumedLastLevelCacheBytes
    }

    /// The TLB reach the probe of `run` (an index in `runs`) measured; nil for a run without one.
    func tlbReach(ofRun run: Int) -> TLBReach? {
        runs[run].metadata?.tlbReach
    }

    /// The name of the run `row` came from (empty for rows given without one).
    func run(of row: ResultRow) -> String {
        runOfRow[RowKey(row)].map { runs[$0].name } ?? ""
    }

    /// Whether the two rows came from one run: only then can they be paired.
    func sameRun(_ a: ResultRow, _ b: ResultRow) -> Bool {
        guard let x = runOfRow[RowKey(a)], let y = runOfRow[RowKey(b)] else { return false }
        return x == y
    }

    /// `row` / `reference`: from paired rounds when both have samples in common rounds,
    /// else a bare estimate of their `ns_per_op` (`Interval.point`, which never resolves a
    /// difference); nil without a usable number, or for rows of two runs.
    func ratio(_ row: ResultRow, _ reference: ResultRow?) -> Interval? {
        guard let reference, sameRun(row, reference) else { return nil }
        return Statistics.pairedRatio(rounds[row], rounds[reference])
            ?? Comparison.ratio(row.nsPerOp, reference.nsPerOp).map(Interval.point)
    }

    /// Nanoseconds `row` adds to `reference` per operation, paired as `ratio`.
    func difference(_ row: ResultRow, _ reference: ResultRow?) -> Interval? {
        guard let reference, sameRun(row, reference), row.nsPerOp.isFinite, reference.nsPerOp.isFinite else { return nil }
        return Statistics.pairedDifference(rounds[row], rounds[reference]) ?? .point(row.nsPerOp - reference.nsPerOp)
    }

    /// Rows of `workload`, in input order.
    func rows(_ workload: String) -> [ResultRow] {
        rows.filter { $0.workload == workload }
    }

    /// The run that measured `workload` at the most arena sizes (the first such run) and its
    /// rows of it, all of them: a chart or a series across arenas is one consistent run.
    func widestRun(_ workload: String) -> (run: Int, rows: [ResultRow])? {
        let candidates = runs.enumerated().map { ($0.offset, $0.element.rows.filter { $0.workload == workload }) }
        let widest = candidates.max { a, b in
            let (x, y) = (Set(a.1.map(\.arenaBytes)).count, Set(b.1.map(\.arenaBytes)).count)
            return x < y || (x == y && a.0 > b.0)
        }
        guard let widest, !widest.1.isEmpty else { return nil }
        return (widest.0, widest.1)
    }

    /// Workloads in first-seen order.
    var workloads: [String] {
        var seen: Set<String> = []
        return rows.map(\.workload).filter { seen.insert($0).inserted }
    }

    /// `layouts` restricted to those with a (non-reference) row in `rows`, in report order.
    func layouts(in rows: [ResultRow]) -> [String] {
        let present = Set(rows.filter { !$0.isReference }.map(\.layout))
        return layouts.filter(present.contains)
    }
}

extension ResultRow {
    /// A reference row (`floor` or `jemalloc`) rather than a layout under test.
    var isReference: Bool { layout == Comparison.floor || layout == Comparison.jemalloc }

    /// For a `floor` row, the layout whose access pattern it mirrors (`layout=<name>`).
    var floorTarget: String? {
        guard layout == Comparison.floor else { return nil }
        return Variant(variant).parameters["layout"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The variant's parameters.
    var parameters: [String: String] { Variant(variant).parameters }

    /// The machine state the row ran in; "" for rows from before machine states.
    var state: String { parameters["state"] ?? "" }

    /// The counter `name` (e.g. `retry_rate`) when it is a usable number; nil when absent or
    /// not finite, so a missing measurement drops only the sentence that needed it.
    func measured(_ name: String) -> Double? {
        counter(name).flatMap { $0.isFinite ? $0 : nil }
    }

    /// The 95 % interval of `nsPerOp` over rounds, for an error bar; nil from one round.
    var errorBar: (low: Double, high: Double)? {
        rounds >= 2 && ciLow.isFinite && ciHigh.isFinite ? (ciLow, ciHigh) : nil
    }

    /// The median when it is a usable number.
    var median: Double? { nsPerOpMedian.isFinite ? nsPerOpMedian : nil }

    /// The metadata cost when the row measured one: every layout has some, so 0 (a
    /// cachegrind row, which builds no machine it reports) means not measured.
    var metadata: Double? { metadataBytesPerPage.isFinite && metadataBytesPerPage > 0 ? metadataBytesPerPage : nil }

    /// The variant text without `key` (`type=slab;order=0;via=own` without `via`:
    /// `type=slab;order=0`), keeping the original order of the rest.
    func variant(without keys: Set<String>) -> String {
        variant.split(separator: ";", omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { item in
                guard !item.isEmpty else { return false }
                let key = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                return !keys.contains(String(key))
            }
            .joined(separator: ";")
    }
}

extension Array where Element == ResultRow {
    /// The first row of `layout` whose variant has `parameters` (other keys may differ).
    func first(layout: String, with parameters: [String: String] = [:]) -> ResultRow? {
        first { row in
            row.layout == layout && parameters.allSatisfy { row.parameters[$0.key] == $0.value }
        }
    }

    /// The first row of `layout` with exactly `variant` (parameter order ignored) and, when
    /// given, `arena`.
    func first(layout: String, variant: String, arena: Int? = nil) -> ResultRow? {
        let wanted = Variant(variant)
        return first { $0.layout == layout && Variant($0.variant) == wanted && (arena == nil || $0.arenaBytes == arena) }
    }

    /// The floor row that mirrors `row`: same workload and arena, variant = row's plus
    /// `layout=<row.layout>`.
    func floor(for row: ResultRow) -> ResultRow? {
        let wanted = Variant(row.variant).adding("layout", row.layout)
        return first {
            $0.layout == Comparison.floor && $0.workload == row.workload && $0.arenaBytes == row.arenaBytes
                && Variant($0.variant) == wanted
        }
    }
}
