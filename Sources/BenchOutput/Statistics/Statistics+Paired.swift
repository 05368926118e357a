import Foundation

/// Comparisons of two rows measured in the same rounds.
///
/// Every round times all layouts interleaved on a fresh set of simulated machines, so a
/// round that ran on a slow core or a cold cache slowed every row in it. Comparing round by
/// round cancels that shared part, which is why these intervals are much narrower than the
/// rows' own intervals.
extension Statistics {
    /// a / b: exp of the mean per-round log(a / b) with its Student-t interval, over the
    /// rounds present in both (keys are round numbers). Nil below two common rounds or when
    /// a common value is not positive and finite.
    public static func pairedRatio(_ a: [Int: Double], _ b: [Int: Double], confidence: Double = 0.95) -> Interval? {
        let pairs = commonRounds(a, b)
        guard pairs.allSatisfy({ $0.a > 0 && $0.b > 0 }), let logs = logarithms(pairs.map { $0.a / $0.b }) else { return nil }
        return meanInterval(logs, confidence: confidence)?.exponentiated
    }

    /// a - b: the mean per-round difference with its Student-t interval (on the differences
    /// themselves, so the answer is in the values' unit, e.g. ns added per operation).
    public static func pairedDifference(_ a: [Int: Double], _ b: [Int: Double], confidence: Double = 0.95) -> Interval? {
        meanInterval(commonRounds(a, b).map { $0.a - $0.b }, confidence: confidence)
    }

    /// Values of the rounds present in both, in round order.
    static func commonRounds(_ a: [Int: Double], _ b: [Int: Double]) -> [(a: Double, b: Double)] {
        a.keys.sorted().compactMap { round in b[round].map { (a[round]!, $0) } }
    }
}
