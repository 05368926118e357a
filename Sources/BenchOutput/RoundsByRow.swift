/// Per-round values of result rows, looked up by the row they belong to.
///
/// Samples are matched to rows by layout, workload, variant and arena: the only key two
/// rows of one run can never share.
struct RoundsByRow {
    private struct Key: Hashable {
        var layout: String
        var workload: String
        var variant: String
        var arenaBytes: Int
    }

    private var samples: [Key: [Int: SampleRow]] = [:]

    /// The first sample of a round wins if a round was written twice.
    init(_ samples: [SampleRow]) {
        for s in samples {
            let key = Key(layout: s.layout, workload: s.workload, variant: s.variant, arenaBytes: s.arenaBytes)
            if self.samples[key]?[s.round] == nil { self.samples[key, default: [:]][s.round] = s }
        }
    }

    /// Round number → the round's ns/op for `row`; empty when there are no samples.
    subscript(_ row: ResultRow) -> [Int: Double] {
        (samples[Self.key(row)] ?? [:]).mapValues(\.nsPerOp)
    }

    /// `row`'s samples in round order; empty when there are none.
    func rounds(of row: ResultRow) -> [SampleRow] {
        (samples[Self.key(row)] ?? [:]).sorted { $0.key < $1.key }.map(\.value)
    }

    private static func key(_ row: ResultRow) -> Key {
        Key(layout: row.layout, workload: row.workload, variant: row.variant, arenaBytes: row.arenaBytes)
    }
}

extension Dictionary where Key == Int, Value == Double {
    /// The values in key (round) order.
    var sortedValues: [Double] { keys.sorted().map { self[$0]! } }
}
