import Foundation

/// Confidence intervals and tests for per-round timings.
///
/// Timings are positive and their noise is multiplicative (a slow round is slow by a
/// factor), so estimates are geometric means and intervals are Student-t intervals on the
/// logarithms, exponentiated: they are asymmetric and never go below zero. Rounds are the
/// independent units; repetitions inside a round share the machine's state and are not.
public enum Statistics {
    /// Geometric mean of `values` with its `confidence` interval (Student t on the logs,
    /// n - 1 degrees of freedom). Nil for fewer than two values or any value that is not
    /// positive and finite.
    public static func logInterval(_ values: [Double], confidence: Double = 0.95) -> Interval? {
        guard let logs = logarithms(values), let mean = meanInterval(logs, confidence: confidence) else { return nil }
        return mean.exponentiated
    }

    /// The interval a result row reports: from the round values when there are at least two
    /// rounds; with one round, the round's value with the interval of that round's
    /// repetitions instead (repetitions share the round's machine state, so this interval is
    /// only a fallback and can be narrower than the rounds would show), stretched to hold the
    /// value: a value from the faster repetitions (`RoundValue.fasterHalf`) can lie below the
    /// interval of all of them.
    public static func rowInterval(roundValues: [Double], repetitions: [Double], confidence: Double = 0.95) -> Interval? {
        if roundValues.count >= 2 { return logInterval(roundValues, confidence: confidence) }
        guard let only = roundValues.first, let reps = logInterval(repetitions, confidence: confidence) else { return nil }
        return Interval(estimate: only, low: Swift.min(reps.low, only), high: Swift.max(reps.high, only), n: reps.n)
    }

    /// Mean of `values` ± t × standard error, on the values as given. Nil below two values
    /// or for non-finite input.
    static func meanInterval(_ values: [Double], confidence: Double) -> Interval? {
        let n = values.count
        guard n >= 2, values.allSatisfy(\.isFinite) else { return nil }
        let mean = values.reduce(0, +) / Double(n)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        let half = tCritical(confidence: confidence, degreesOfFreedom: Double(n - 1)) * (variance / Double(n)).squareRoot()
        return Interval(estimate: mean, low: mean - half, high: mean + half, n: n)
    }

    /// Natural logarithms, or nil if any value is not positive and finite.
    static func logarithms(_ values: [Double]) -> [Double]? {
        guard values.allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
        return values.map { Foundation.log($0) }
    }
}

extension Interval {
    /// An interval on logarithms mapped back to the original scale.
    var exponentiated: Interval {
        Interval(estimate: exp(estimate), low: exp(low), high: exp(high), n: n)
    }
}
