import Foundation

/// Maps data values to pixel positions along one axis, and chooses that axis's ticks.
struct ChartScale {
    enum Kind {
        case linear
        /// Base-2 logarithmic (sizes that double); values must be positive.
        case log2
        /// Base-10 logarithmic, for values that span decades; values must be positive.
        case log10

        /// A value axis is logarithmic when its positive values span more than this ratio (two
        /// decades): on a linear axis the small ones would be flat lines at zero.
        static let logarithmicSpan = 100.0

        /// `log10` when the finite `values` (the data, not their intervals: one wide interval
        /// must not change how every value reads) are all positive and span more than
        /// `logarithmicSpan`, else `linear`: a zero or a negative value has no place on a log axis.
        static func forValues(_ values: [Double]) -> Kind {
            let finite = values.filter(\.isFinite)
            guard let lo = finite.min(), let hi = finite.max(), lo > 0 else { return .linear }
            return hi / lo > logarithmicSpan ? .log10 : .linear
        }
    }

    let kind: Kind
    /// The data interval shown, lo < hi (for `log2`, 0 < lo).
    let domain: (lo: Double, hi: Double)
    /// The pixel interval it maps onto; `range.lo` is where `domain.lo` goes (may be > range.hi).
    let range: (lo: Double, hi: Double)
    /// Tick values, inside the domain.
    let ticks: [Double]

    /// A scale whose domain covers `values` and ends on ticks. Non-finite values (and,
    /// for `log2`, values <= 0) are ignored; with no usable value the domain is a default one.
    init(kind: Kind, covering values: [Double], range: (lo: Double, hi: Double), maxTicks: Int = 6,
         includeZero: Bool = false) {
        self.kind = kind
        self.range = range
        switch kind {
        case .linear:
            var usable = values.filter(\.isFinite)
            if includeZero { usable.append(0) }
            let ticks = Self.linearTicks(lo: usable.min() ?? 0, hi: usable.max() ?? 1, maxCount: maxTicks)
            self.ticks = ticks
            self.domain = (ticks.first ?? 0, ticks.last ?? 1)
        case .log2:
            let usable = values.filter { $0.isFinite && $0 > 0 }
            let ticks = Self.log2Ticks(lo: usable.min() ?? 1, hi: usable.max() ?? 2, maxCount: maxTicks)
            self.ticks = ticks
            self.domain = (ticks.first ?? 1, ticks.last ?? 2)
        case .log10:
            let usable = values.filter { $0.isFinite && $0 > 0 }
            let low = Foundation.log10(usable.min() ?? 1).rounded(.down)
            var high = Foundation.log10(usable.max() ?? 10).rounded(.up)
            if high <= low { high = low + 1 }
            self.ticks = stride(from: low, through: high, by: 1).map { pow(10, $0) }
            self.domain = (pow(10, low), pow(10, high))
        }
    }

    /// Where bars start: zero on a linear axis, the bottom of a log axis.
    var base: Double { kind == .linear ? 0 : domain.lo }

    /// The pixel position of `value` (clamped to the axis when outside the domain).
    func position(_ value: Double) -> Double {
        let fraction: Double
        switch kind {
        case .linear:
            fraction = (value - domain.lo) / (domain.hi - domain.lo)
        case .log2, .log10:
            guard value > 0 else { return range.lo }
            fraction = (Foundation.log2(value) - Foundation.log2(domain.lo))
                / (Foundation.log2(domain.hi) - Foundation.log2(domain.lo))
        }
        guard fraction.isFinite else { return range.lo }
        return range.lo + min(1, max(0, fraction)) * (range.hi - range.lo)
    }

    /// Round ticks (1, 2, 2.5 or 5 times a power of ten apart) from at or below `lo` to at
    /// or above `hi`, at most about `maxCount` + 1 of them.
    static func linearTicks(lo: Double, hi: Double, maxCount: Int) -> [Double] {
        var lo = lo, hi = hi
        if hi < lo { swap(&lo, &hi) }
        if hi == lo {
            let pad = lo == 0 ? 1 : abs(lo) * 0.5
            hi += pad
            if lo != 0 { lo -= pad }
        }
        let raw = (hi - lo) / Double(max(1, maxCount))
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw * (1 - 1e-9) } ?? 10 * magnitude
        let first = (lo / step).rounded(.down)
        let last = (hi / step).rounded(.up)
        guard first.isFinite, last.isFinite, last - first < 1000 else { return [lo, hi] }
        // Rounded to the step's decimals, so 3 × 0.05 is 0.15 and not 0.15000000000000002.
        let scale = pow(10, max(0, 1 - log10(magnitude).rounded(.down)))
        let ticks = stride(from: first, through: last, by: 1).map { ($0 * step * scale).rounded() / scale }
        return ticks.count >= 2 ? ticks : [lo, hi]
    }

    /// Powers of two from at or below `lo` to at or above `hi`, every k-th exponent so that
    /// there are at most `maxCount` + 1 ticks.
    static func log2Ticks(lo: Double, hi: Double, maxCount: Int) -> [Double] {
        var low = Foundation.log2(lo).rounded(.down)
        var high = Foundation.log2(hi).rounded(.up)
        guard low.isFinite, high.isFinite else { return [1, 2] }
        if high <= low { low -= 1; high += 1 }
        let span = Int(high - low)
        let step = max(1, (span + max(1, maxCount) - 1) / max(1, maxCount))
        var exponents: [Int] = []
        var e = Int(low)
        while true {
            exponents.append(e)
            if Double(e) >= high { break }
            e += step
        }
        return exponents.map { pow(2, Double($0)) }
    }

    /// The shortest decimal spelling that tells the ticks apart: `0`, `2.5`, `0.05`; on a
    /// log10 axis, powers of ten as `0.0001`, `1`, `1000`, and `1e-05` below that.
    func tickLabel(_ value: Double) -> String {
        guard kind == .log10 else { return Self.tickLabel(value, ticks: ticks) }
        return value < 1e-4 ? String(format: "%.0e", value) : NumberText.roundTrip(value)
    }

    /// The shortest decimal spelling that tells the ticks apart: `0`, `2.5`, `0.05`.
    static func tickLabel(_ value: Double, ticks: [Double]) -> String {
        let step = zip(ticks.dropFirst(), ticks).map { abs($0 - $1) }.filter { $0 > 0 }.min() ?? 1
        var decimals = 0
        while decimals < 6 {
            let scaled = step * pow(10, Double(decimals))
            if abs(scaled - scaled.rounded()) < 1e-6 * max(1, scaled) { break }
            decimals += 1
        }
        let text = NumberText.fixed(value, decimals: decimals)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }
}
