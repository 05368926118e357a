/// One run as `compare` reads it: its rows, its rounds, and the rule that made them (nil
/// without a sidecar).
public struct RunSamples: Sendable {
    public var rows: [ResultRow]
    public var samples: [SampleRow]
    public var rule: RoundValue?

    public init(rows: [ResultRow], samples: [SampleRow], rule: RoundValue?) {
        (self.rows, self.samples, self.rule) = (rows, samples, rule)
    }

    /// Two runs on one rule: where their rules differ, both runs' round values made again
    /// by the current rule from their repetitions, and their rows' estimates with them, so
    /// that the rule alone is not read as a change; the note says so. Runs of one rule, or
    /// of a rule unknown, are returned as they are, with no note.
    public static func onOneRule(_ old: RunSamples, _ new: RunSamples) -> (old: RunSamples, new: RunSamples, note: String?) {
        guard let oldRule = old.rule, let newRule = new.rule, oldRule != newRule else { return (old, new, nil) }
        func remade(_ run: RunSamples) -> RunSamples {
            let samples = RoundValue.current.revalue(run.samples)
            return RunSamples(rows: RoundValue.reestimate(run.rows, from: samples), samples: samples, rule: .current)
        }
        let note = "the old run's rounds are \(oldRule.rawValue) values of their repetitions, the new run's "
            + "\(newRule.rawValue): both made again as \(RoundValue.current.rawValue) from their repetitions"
        return (remade(old), remade(new), note)
    }
}
