import Foundation

/// Comparison of two independent sets of rounds (two runs, two machines, two builds).
extension Statistics {
    /// new / old as the ratio of geometric means, with a Welch interval on the logs (the two
    /// runs' spreads may differ; Welch–Satterthwaite degrees of freedom). `n` is the total
    /// number of rounds. Nil when either side has fewer than two values or a value that is
    /// not positive and finite.
    public static func unpairedRatio(_ new: [Double], _ old: [Double], confidence: Double = 0.95) -> Interval? {
        guard new.count >= 2, old.count >= 2,
              let logNew = logarithms(new), let logOld = logarithms(old) else { return nil }
        func meanAndVarianceOfMean(_ x: [Double]) -> (mean: Double, v: Double) {
            let n = Double(x.count)
            let mean = x.reduce(0, +) / n
            return (mean, x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) / n)
        }
        let a = meanAndVarianceOfMean(logNew), b = meanAndVarianceOfMean(logOld)
        let difference = a.mean - b.mean
        let v = a.v + b.v
        var half = 0.0
        if v > 0 {
            let df = v * v / (a.v * a.v / Double(new.count - 1) + b.v * b.v / Double(old.count - 1))
            half = tCritical(confidence: confidence, degreesOfFreedom: df) * v.squareRoot()
        }
        return Interval(estimate: difference, low: difference - half, high: difference + half,
                        n: new.count + old.count).exponentiated
    }
}
