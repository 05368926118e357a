/// How a round's repetitions become the round's one value (a samples file's `ns_per_op`),
/// from which every interval and paired ratio is computed. A run's sidecar names its rule
/// (`settings.round_value`, from `9361cb6`); a sidecar without one is from a run made with
/// the median, but for `results/round-value/8b93bca/`'s runs, which took the faster half
/// before their sidecars said so.
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

    /// The round's value from its repetitions' ns/op (not empty).
    public func of(_ repetitions: [Double]) -> Double {
        let sorted = repetitions.sorted()
        switch self {
        case .median:
            return sorted[sorted.count / 2]
        case .fasterHalf:
            let kept = sorted.prefix((sorted.count + 1) / 2)
            return kept.reduce(0, +) / Double(kept.count)
        }
    }

    /// The rule a run's sidecar settings name; `.median` when they name none.
    public init(settings: [String: String]) throws {
        guard let name = settings["round_value"] else { self = .median; return }
        guard let rule = RoundValue(rawValue: name) else {
            throw BenchOutputError("unknown round_value \"\(name)\" in the run's sidecar")
        }
        self = rule
    }

    /// `samples` with every round's value made again by this rule from its repetitions (a
    /// round without recorded repetitions keeps its value), so that runs made with two rules
    /// can be compared on one.
    public func revalue(_ samples: [SampleRow]) -> [SampleRow] {
        samples.map { s in
            var s = s
            if !s.repNsPerOp.isEmpty { s.nsPerOp = of(s.repNsPerOp) }
            return s
        }
    }
}
