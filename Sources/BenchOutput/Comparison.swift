/// Turns result rows into the numbers people actually argue about: ratios.
public enum Comparison {
    /// Reference: a userspace allocator doing the same work.
    public static let jemalloc = "jemalloc"
    /// Reference: the bare memory-access pattern of a layout, with no allocator logic.
    public static let floor = "floor"
    /// Baseline: today's 64-byte `struct page`.
    public static let legacy64 = "legacy64"

    /// Within ONE run: every layout row (not `jemalloc`, not `floor`) with its median and its
    /// ratio to the references measured with the same workload and parameters.
    ///
    /// - `vs_legacy64`: the `legacy64` row with the same workload and variant.
    /// - `vs_jemalloc`: the `jemalloc` row with the same workload and variant.
    /// - `vs_floor`: the `floor` row with the same workload whose variant is this row's
    ///   variant plus `layout=<this layout>` (parameter order does not matter).
    ///
    /// A missing reference gives nil (an empty cell). Rows come out grouped by
    /// (workload, variant) in the order each group first appears, layouts in input order.
    public static func sideBySide(_ rows: [ResultRow]) -> [ComparisonRow] {
        struct Key: Hashable {
            var workload: String
            var variant: Variant
        }
        // First row wins if a reference was measured twice.
        var references: [String: [Key: Double]] = [:]
        for row in rows where [legacy64, jemalloc, floor].contains(row.layout) {
            let key = Key(workload: row.workload, variant: Variant(row.variant))
            if references[row.layout, default: [:]][key] == nil {
                references[row.layout, default: [:]][key] = row.nsPerOpMedian
            }
        }

        var groupOrder: [Key] = []
        var groups: [Key: [ResultRow]] = [:]
        for row in rows where row.layout != jemalloc && row.layout != floor {
            let key = Key(workload: row.workload, variant: Variant(row.variant))
            if groups[key] == nil { groupOrder.append(key) }
            groups[key, default: []].append(row)
        }

        return groupOrder.flatMap { key in
            groups[key]!.map { row in
                let floorKey = Key(workload: row.workload, variant: key.variant.adding("layout", row.layout))
                return ComparisonRow(
                    workload: row.workload, variant: row.variant, layout: row.layout,
                    nsPerOpMedian: row.nsPerOpMedian,
                    vsLegacy64: ratio(row.nsPerOpMedian, references[legacy64]?[key]),
                    vsJemalloc: ratio(row.nsPerOpMedian, references[jemalloc]?[key]),
                    vsFloor: ratio(row.nsPerOpMedian, references[floor]?[floorKey]))
            }
        }
    }

    /// Between TWO runs: rows joined on (layout, workload, variant), with old and new medians
    /// and new/old.
    ///
    /// `significant` is true when |new - old| exceeds the spread either run saw on its own,
    /// max(old.max - old.min, new.max - new.min): a change smaller than one run's own
    /// repetition-to-repetition noise is not evidence of anything. With a single repetition
    /// the spread is 0 and every difference counts, so use several.
    ///
    /// Rows present in only one run are listed, in old-run order then new-run order, with
    /// empty cells and a note saying which run has them.
    public static func change(old: [ResultRow], new: [ResultRow]) -> [ChangeRow] {
        struct Key: Hashable {
            var layout: String
            var workload: String
            var variant: String
        }
        func key(_ row: ResultRow) -> Key {
            Key(layout: row.layout, workload: row.workload, variant: row.variant)
        }
        var newByKey: [Key: ResultRow] = [:]
        for row in new where newByKey[key(row)] == nil { newByKey[key(row)] = row }
        var seen: Set<Key> = []

        var result: [ChangeRow] = []
        for o in old where seen.insert(key(o)).inserted {
            guard let n = newByKey[key(o)] else {
                result.append(ChangeRow(layout: o.layout, workload: o.workload, variant: o.variant,
                                        oldNsPerOp: o.nsPerOpMedian, newNsPerOp: nil, ratio: nil,
                                        significant: nil, note: "only in old run"))
                continue
            }
            let spread = max(o.nsPerOpMax - o.nsPerOpMin, n.nsPerOpMax - n.nsPerOpMin)
            result.append(ChangeRow(layout: o.layout, workload: o.workload, variant: o.variant,
                                    oldNsPerOp: o.nsPerOpMedian, newNsPerOp: n.nsPerOpMedian,
                                    ratio: ratio(n.nsPerOpMedian, o.nsPerOpMedian),
                                    significant: abs(n.nsPerOpMedian - o.nsPerOpMedian) > spread))
        }
        for n in new where seen.insert(key(n)).inserted {
            result.append(ChangeRow(layout: n.layout, workload: n.workload, variant: n.variant,
                                    oldNsPerOp: nil, newNsPerOp: n.nsPerOpMedian, ratio: nil,
                                    significant: nil, note: "only in new run"))
        }
        return result
    }

    /// value / reference, or nil when there is no usable reference.
    static func ratio(_ value: Double, _ reference: Double?) -> Double? {
        guard let reference, reference != 0, reference.isFinite, value.isFinite else { return nil }
        return value / reference
    }
}
