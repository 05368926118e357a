import Foundation

/// The rows of one report, with what every section needs to look them up: layouts in
/// first-seen order and their chart colours.
struct ReportContext {
    let rows: [ResultRow]
    /// Layouts measured (not `floor` or `jemalloc`) in first-seen order, then layouts that
    /// only appear as a floor row's `layout=<name>`.
    let layouts: [String]
    let colors: LayoutColors

    init(rows: [ResultRow]) {
        self.rows = rows
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

    /// Rows of `workload`, in input order.
    func rows(_ workload: String) -> [ResultRow] {
        rows.filter { $0.workload == workload }
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

    /// The counter `name` (e.g. `retry_rate`) when it is a usable number; nil when absent or
    /// not finite, so a missing measurement drops only the sentence that needed it.
    func measured(_ name: String) -> Double? {
        counter(name).flatMap { $0.isFinite ? $0 : nil }
    }

    /// The median when it is a usable number.
    var median: Double? { nsPerOpMedian.isFinite ? nsPerOpMedian : nil }

    /// The metadata cost when it is a usable number.
    var metadata: Double? { metadataBytesPerPage.isFinite ? metadataBytesPerPage : nil }

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
