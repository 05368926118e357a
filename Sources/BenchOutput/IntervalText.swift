/// How estimates with intervals are spelled in tables for people.
enum IntervalText {
    /// `23.1 ± 2.1 %`: the estimate and its larger half-width as a percentage of it;
    /// `(reps)` when the interval came from one round's repetitions. A bare estimate alone.
    static func plusMinus(_ interval: Interval, fromRepetitions: Bool) -> String {
        let estimate = NumberText.readable(interval.estimate)
        guard interval.hasBounds, interval.halfWidthFraction.isFinite else { return estimate }
        return estimate + " ± " + NumberText.fixed(interval.halfWidthFraction * 100, decimals: 1) + " %"
            + (fromRepetitions ? " (reps)" : "")
    }

    /// `0.870 [0.850, 0.890] *`: the `*` when the interval excludes `reference` (the
    /// difference is resolved); two spaces otherwise, so the brackets line up. A bare
    /// estimate alone.
    static func bracketed(_ interval: Interval, marking reference: Double? = nil,
                          _ format: (Double) -> String = NumberText.ratio) -> String {
        guard interval.hasBounds else { return format(interval.estimate) }
        let mark = reference.map { interval.excludes($0) ? " *" : "  " } ?? ""
        return "\(format(interval.estimate)) [\(format(interval.low)), \(format(interval.high))]" + mark
    }

    /// Estimate, low and high as three cells for csv and json; low and high are empty for a
    /// bare estimate, all three for none.
    static func cells(_ interval: Interval?, _ format: (Double) -> String = NumberText.ratio) -> [TextTable.Cell] {
        guard let interval else { return [.missing, .missing, .missing] }
        let bounds = [interval.low, interval.high].map { interval.hasBounds ? TextTable.Cell.number(format($0)) : .missing }
        return [.number(format(interval.estimate))] + bounds
    }

    /// The three csv/json column names for `name`: `name`, `name_low`, `name_high`.
    static func columns(_ name: String) -> [String] { [name, name + "_low", name + "_high"] }
}
