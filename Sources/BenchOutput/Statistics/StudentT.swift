import Foundation

/// Student's t distribution, computed rather than tabled: Welch's test needs fractional
/// degrees of freedom, which no table has.
extension Statistics {
    /// The two-sided critical value: t such that a `confidence` share of the distribution
    /// lies within ±t (0.95 → the 0.975 quantile).
    public static func tCritical(confidence: Double, degreesOfFreedom df: Double) -> Double {
        tQuantile(1 - (1 - confidence) / 2, degreesOfFreedom: df)
    }

    /// The `p` quantile of Student's t with `df` degrees of freedom (df may be fractional).
    /// Found by bisection on the distribution function, to about 1e-12 relative.
    public static func tQuantile(_ p: Double, degreesOfFreedom df: Double) -> Double {
        guard p > 0, p < 1, df > 0 else { return .nan }
        if p == 0.5 { return 0 }
        if p < 0.5 { return -tQuantile(1 - p, degreesOfFreedom: df) }
        var low = 0.0, high = 1.0
        while tCDF(high, degreesOfFreedom: df) < p && high < 1e300 { low = high; high *= 2 }
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if tCDF(middle, degreesOfFreedom: df) < p { low = middle } else { high = middle }
            if high - low <= 1e-13 * high { break }
        }
        return (low + high) / 2
    }

    /// P(T <= t) = 1 - I_x(df/2, 1/2) / 2 for t >= 0, with x = df / (df + t²).
    public static func tCDF(_ t: Double, degreesOfFreedom df: Double) -> Double {
        let tail = regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5) / 2
        return t >= 0 ? 1 - tail : tail
    }

    /// I_x(a, b), by the continued fraction of Numerical Recipes (Lentz's method), using
    /// the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where that converges faster.
    static func regularizedIncompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logBeta: Double = lgamma(a) + lgamma(b) - lgamma(a + b)
        let logFront: Double = a * log(x) + b * log(1 - x) - logBeta
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * betaContinuedFraction(x, a, b) / a
        }
        return 1 - exp(logFront) * betaContinuedFraction(1 - x, b, a) / b
    }

    private static func betaContinuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...1000 {
            let m = Double(m)
            // Even step.
            var numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            // Odd step.
            numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            result *= step
            if abs(step - 1) < 1e-15 { break }
        }
        return result
    }
}
