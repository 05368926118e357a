/// How a round's repetitions become the round's one value (a samples file's `ns_per_op`),
/// from which every interval and paired ratio is computed. A run's sidecar names its rule
/// (`settings.round_value`, from `9361cb6`).
public enum RoundValue: String, Sendable, CaseIterable {
    /// The mean of the faster half of the repetitions, rounded up: two of three, three of
    /// five. A host that takes the core away only ever slows a repetition, and it can slow
    /// two of a round's three, which the median then reports; the faster half drops the
    /// slower half and averages the rest (README, "How rows are measured", and
    /// `results/round-value/`). Runs from `ce4a7f6` on.
    case fasterHalf = "faster-half"
    /// The middle repetition (the higher of two): runs made before `ce4a7f6`.
    case median

    /// The rule runs use now.
    public static let current = RoundValue.fasterHalf

    /// The revisions that took the faster half before their sidecars said so
    /// (`results/round-value/8b93bca/`).
    static let unnamedFasterHalf: Set<String> = ["ce4a7f6", "8b93bca"]

    /// The round's value from its repetitions' ns/op (not empty).
    public func of(_ repetitions: [Double]) -> Double {
        precondition(!repetitions.isEmpty, "a round without repetitions has no value")
        let sorted = repetitions.sorted()
        switch self {
        case .median:
            return sorted[sorted.count / 2]
        case .fasterHalf:
            let kept = sorted.prefix((sorted.count + 1) / 2)
            return kept.reduce(0, +) / Double(kept.count)
        }
    }

    /// The rule a run's sidecar names; without a name, the faster half for the two
    /// revisions that took it unnamed, the median for every run before them.
    public init(settings: [String: String], gitRevision: String) throws {
        guard let name = settings["round_value"] else {
            self = Self.unnamedFasterHalf.contains(String(gitRevision.prefix(7))) ? .fasterHalf : .median
            return
        }
        guard let rule = RoundValue(rawValue: name) else {
            throw BenchOutputError("unknown round_value \"\(name)\" in the run's sidecar")
        }
        self = rule
    }

    /// `samples` with every round's value made again by this rule from its repetitions (a
    /// round without recorded repetitions keeps its value).
    public func revalue(_ samples: [SampleRow]) -> [SampleRow] {
        samples.map { s in
            var s = s
            if !s.repNsPerOp.isEmpty { s.nsPerOp = of(s.repNsPerOp) }
            return s
        }
    }

    /// `rows` with each estimate and interval made again from `samples`, as `run` makes
    /// them (`Statistics.rowInterval`); a row without samples keeps its own.
    static func reestimate(_ rows: [ResultRow], from samples: [SampleRow]) -> [ResultRow] {
        let byRow = RoundsByRow(samples)
        return rows.map { row in
            var row = row
            let rounds = byRow.rounds(of: row)
            guard let first = rounds.first else { return row }
            let interval = Statistics.rowInterval(roundValues: rounds.map(\.nsPerOp), repetitions: rounds.flatMap(\.repNsPerOp))
                ?? .point(first.nsPerOp)
            (row.nsPerOp, row.ciLow, row.ciHigh) = (interval.estimate, interval.low, interval.high)
            return row
        }
    }
}
