/// Turns result rows into the numbers people actually argue about: ratios, with how sure
/// they are.
public enum Comparison {
    /// Reference: a userspace allocator doing the same work.
    public static let jemalloc = "jemalloc"
    /// Reference: the bare memory-access pattern of a layout, with no allocator logic.
    public static let floor = "floor"
    /// Baseline: today's 64-byte `struct page`. Only this exact name is the baseline; an A/A
    /// copy such as `legacy64#2` is compared against it like any other layout.
    public static let legacy64 = "legacy64"

    /// Within ONE run: every layout row (not `jemalloc`, not `floor`) with its estimate and
    /// its ratio to the references measured with the same workload, parameters and arena.
    ///
    /// - `vs_legacy64`: the `legacy64` row with the same workload, variant and arena.
    /// - `vs_jemalloc`: the `jemalloc` row with the same workload, variant and arena.
    /// - `vs_floor`: the `floor` row with the same workload and arena whose variant is this
    ///   row's variant plus `layout=<this layout>` (parameter order does not matter).
    ///
    /// Ratios are paired by round from `samples` (`Statistics.pairedRatio`), which cancels
    /// what a round did to every row alike; without two common rounds they are bare
    /// estimates from the rows' `ns_per_op`. A missing reference gives nil (an empty cell).
    /// Rows come out grouped by (workload, variant, arena) in the order each group first
    /// appears, layouts in input order.
    public static func sideBySide(_ rows: [ResultRow], samples: [SampleRow]) -> [ComparisonRow] {
        struct Key: Hashable {
            var workload: String
            var variant: Variant
            var arenaBytes: Int
        }
        func key(_ row: ResultRow, variant: Variant? = nil) -> Key {
            Key(workload: row.workload, variant: variant ?? Variant(row.variant), arenaBytes: row.arenaBytes)
        }
        // First row wins if a reference was measured twice.
        var references: [String: [Key: ResultRow]] = [:]
        for row in rows where [legacy64, jemalloc, floor].contains(row.layout) {
            if references[row.layout]?[key(row)] == nil { references[row.layout, default: [:]][key(row)] = row }
        }

        var groupOrder: [Key] = []
        var groups: [Key: [ResultRow]] = [:]
        for row in rows where row.layout != jemalloc && row.layout != floor {
            if groups[key(row)] == nil { groupOrder.append(key(row)) }
            groups[key(row), default: []].append(row)
        }

        let rounds = RoundsByRow(samples)
        return groupOrder.flatMap { group in
            groups[group]!.map { row in
                let legacy = references[legacy64]?[group]
                let floorRow = references[floor]?[key(row, variant: group.variant.adding("layout", row.layout))]
                return ComparisonRow(
                    workload: row.workload, variant: row.variant, layout: row.layout, arenaBytes: row.arenaBytes,
                    rounds: row.rounds, nsPerOp: row.nsPerOp, interval: row.interval,
                    vsLegacy64: pairedRatio(row, legacy, rounds),
                    vsJemalloc: pairedRatio(row, references[jemalloc]?[group], rounds),
                    vsFloor: pairedRatio(row, floorRow, rounds),
                    addedVsLegacy64: legacy.map { legacy in
                        Statistics.pairedDifference(rounds[row], rounds[legacy]) ?? .point(row.nsPerOp - legacy.nsPerOp)
                    })
            }
        }
    }

    /// Between TWO runs: rows joined on (layout, workload, variant, arena), with old and new
    /// estimates, new/old and whether it changed.
    ///
    /// The runs are independent, so nothing is paired: new/old is the ratio of geometric
    /// means of the round values with a Welch interval (`Statistics.unpairedRatio`), and
    /// `changed` is a Mann-Whitney test at p < 0.05 on the same values. Both need at least two
    /// rounds of samples on each side; otherwise the ratio is a bare estimate from the rows,
    /// `changed` is nil and the note says why.
    ///
    /// Rows present in only one run are listed, in old-run order then new-run order, with
    /// empty cells and a note saying which run has them.
    public static func change(old: [ResultRow], new: [ResultRow], oldSamples: [SampleRow],
                              newSamples: [SampleRow]) -> [ChangeRow] {
        struct Key: Hashable {
            var layout: String
            var workload: String
            var variant: String
            var arenaBytes: Int
        }
        func key(_ row: ResultRow) -> Key {
            Key(layout: row.layout, workload: row.workload, variant: row.variant, arenaBytes: row.arenaBytes)
        }
        func onlyIn(_ row: ResultRow, old isOld: Bool) -> ChangeRow {
            ChangeRow(layout: row.layout, workload: row.workload, variant: row.variant, arenaBytes: row.arenaBytes,
                      oldNsPerOp: isOld ? row.nsPerOp : nil, newNsPerOp: isOld ? nil : row.nsPerOp, ratio: nil,
                      pValue: nil, changed: nil, note: isOld ? "only in old run" : "only in new run")
        }
        var newByKey: [Key: ResultRow] = [:]
        for row in new where newByKey[key(row)] == nil { newByKey[key(row)] = row }
        let oldRounds = RoundsByRow(oldSamples), newRounds = RoundsByRow(newSamples)
        var seen: Set<Key> = []

        var result: [ChangeRow] = []
        for o in old where seen.insert(key(o)).inserted {
            guard let n = newByKey[key(o)] else {
                result.append(onlyIn(o, old: true))
                continue
            }
            let test = ChangeTest(old: oldRounds[o].sortedValues, new: newRounds[n].sortedValues)
            result.append(ChangeRow(
                layout: o.layout, workload: o.workload, variant: o.variant, arenaBytes: o.arenaBytes,
                oldNsPerOp: o.nsPerOp, newNsPerOp: n.nsPerOp,
                ratio: test.ratio ?? ratio(n.nsPerOp, o.nsPerOp).map(Interval.point),
                pValue: test.pValue, changed: test.pValue.map { $0 < 0.05 }, note: test.note))
        }
        for n in new where seen.insert(key(n)).inserted {
            result.append(onlyIn(n, old: false))
        }
        return result
    }

    /// `row` / `reference` paired by round, else the ratio of their estimates; nil without a
    /// reference or a usable number.
    static func pairedRatio(_ row: ResultRow, _ reference: ResultRow?, _ rounds: RoundsByRow) -> Interval? {
        guard let reference else { return nil }
        return Statistics.pairedRatio(rounds[row], rounds[reference])
            ?? ratio(row.nsPerOp, reference.nsPerOp).map(Interval.point)
    }

    /// value / reference, or nil when there is no usable reference.
    static func ratio(_ value: Double, _ reference: Double?) -> Double? {
        guard let reference, reference != 0, reference.isFinite, value.isFinite else { return nil }
        return value / reference
    }
}
