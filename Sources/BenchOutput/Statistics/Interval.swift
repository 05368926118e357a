/// An estimate with its confidence interval: what a measurement claims and how sure it is.
///
/// `n` is how many values (rounds, or paired rounds) the interval rests on. With fewer than
/// two there is no spread to measure, so `low == high == estimate` and `hasBounds` is false:
/// a bare estimate that must not be read as "no uncertainty".
public struct Interval: Equatable, Sendable {
    public var estimate: Double
    public var low: Double
    public var high: Double
    public var n: Int

    public init(estimate: Double, low: Double, high: Double, n: Int) {
        self.estimate = estimate
        self.low = low
        self.high = high
        self.n = n
    }

    /// An estimate with no interval (e.g. a ratio of two rows whose samples are missing).
    public static func point(_ estimate: Double) -> Interval {
        Interval(estimate: estimate, low: estimate, high: estimate, n: 0)
    }

    /// Whether `low` and `high` were measured rather than copied from the estimate.
    public var hasBounds: Bool { n >= 2 && low.isFinite && high.isFinite }

    public func contains(_ x: Double) -> Bool { low <= x && x <= high }

    /// True only for a measured interval that leaves `x` out: the difference from `x` is
    /// resolved. A bare estimate never excludes anything.
    public func excludes(_ x: Double) -> Bool { hasBounds && !contains(x) }

    /// The larger half-width relative to the estimate (log intervals are asymmetric, so the
    /// larger side is the honest one to quote as `± %`).
    public var halfWidthFraction: Double { max(high - estimate, estimate - low) / estimate }
}
