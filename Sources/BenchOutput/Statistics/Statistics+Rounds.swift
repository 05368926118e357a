import Foundation

/// How many rounds a ratio would take to reach a given width: a power calculation in the
/// sense of "how many runs of `perf stat -r` do I need", on the spread a run measured.
extension Statistics {
    /// The fewest rounds m (m ≥ 2) whose 95 % interval would be within `halfWidth` (0.03
    /// for ±3 %, as `Interval.halfWidthFraction` measures it) if the per-round log ratios
    /// scattered as they did behind `ratio`: the smallest m with t(m - 1) · s / √m ≤
    /// log(1 + halfWidth), where s is the standard deviation the interval implies (its log
    /// half-width × √n / t(n - 1)). So `ratio` must be a one-sample Student-t interval on
    /// logarithms, as `pairedRatio` and `logInterval` make; a Welch interval or a row's
    /// repetition fallback would give a wrong s. Nil for an interval that was not measured;
    /// `Int.max` past `limit` rounds.
    ///
    /// The spread is one run's, from few rounds: in another hour the same rows can scatter
    /// twice as much (`results/alloc-free-rounds/`), and the largest of many such estimates
    /// runs high (`results/precision-gap/`). It says what this run's rounds ask for, not what
    /// the next run will get.
    public static func rounds(toReach halfWidth: Double, for ratio: Interval, confidence: Double = 0.95,
                              limit: Int = 1_000_000) -> Int? {
        guard ratio.hasBounds, ratio.low > 0, halfWidth > 0 else { return nil }
        let logHalf = max(log(ratio.high / ratio.estimate), log(ratio.estimate / ratio.low))
        let spread = logHalf * Double(ratio.n).squareRoot()
            / tCritical(confidence: confidence, degreesOfFreedom: Double(ratio.n - 1))
        let target = log(1 + halfWidth)
        func reaches(_ m: Int) -> Bool {
            tCritical(confidence: confidence, degreesOfFreedom: Double(m - 1)) * spread / Double(m).squareRoot() <= target
        }
        // t(m - 1) / √m falls as m grows: double to a round count that reaches, then bisect.
        if reaches(2) { return 2 }
        var low = 2, high = min(4, limit)
        while !reaches(high) {
            guard high < limit else { return Int.max }
            low = high
            high = min(high * 2, limit)
        }
        while high - low > 1 {
            let middle = (low + high) / 2
            if reaches(middle) { high = middle } else { low = middle }
        }
        return high
    }
}
