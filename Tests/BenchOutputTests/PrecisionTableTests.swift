import Foundation
import Testing
@testable import BenchOutput

@Suite struct PrecisionTableTests {
    func row(_ workload: String, _ layout: String, _ ratio: Interval?, variant: String = "v") -> ComparisonRow {
        ComparisonRow(workload: workload, variant: variant, layout: layout, arenaBytes: 64 << 20, rounds: 6, nsPerOp: 10,
                      interval: .point(10), vsLegacy64: ratio, vsJemalloc: nil, vsFloor: nil, addedVsLegacy64: nil)
    }
    func measured(_ estimate: Double, _ low: Double, _ high: Double) -> Interval {
        Interval(estimate: estimate, low: low, high: high, n: 6)
    }

    @Test func summarisesEachWorkloadsRatiosToLegacy64() throws {
        let comparison = [
            row("lookup-random", "legacy64", measured(1, 1, 1)),
            row("lookup-random", "chead16", measured(0.9, 0.88, 0.91)),   // ±2.2 % (larger side), resolved
            row("lookup-random", "memdesc8", measured(1.0, 0.95, 1.04)),  // ±5.0 %, holds 1
            row("lookup-random", "interim32", measured(1.2, 1.19, 1.23), variant: "w"),  // ±2.5 %, resolved
            row("lookup-random", "chead16-freemem", .point(0.5)),  // no interval: counted, not measured
            row("alloc-free", "legacy64", measured(1, 1, 1)),
            row("alloc-free", "chead16", nil),  // no ratio (its legacy64 row was measured apart): left out
            row("alloc-free", "legacy64#2", measured(1.001, 0.999, 1.003)),  // an A/A copy is a layout
        ]
        let summaries = PrecisionTable.summaries(comparison)
        #expect(summaries.map(\.workload) == ["lookup-random", "alloc-free"])
        let lookups = summaries[0]
        #expect(lookups.ratios == 4 && lookups.measured == 3 && lookups.resolved == 2)
        // Half-widths 0.0222, 0.025 and 0.05: the median is the middle one, the widest memdesc8's.
        #expect(abs(try #require(lookups.medianHalfWidth) - 0.025) < 1e-12)
        #expect(abs(try #require(lookups.widestHalfWidth) - 0.05) < 1e-12)
        #expect(lookups.widestRow == "v memdesc8 64MiB")
        let alloc = summaries[1]
        #expect(alloc.ratios == 1 && alloc.measured == 1 && alloc.resolved == 0)
        #expect(abs(try #require(alloc.medianHalfWidth) - 0.002 / 1.001) < 1e-12)
    }

    @Test func medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        #expect(PrecisionTable.median([0.01, 0.02, 0.04, 0.08]) == 0.03)
        #expect(PrecisionTable.median([0.07]) == 0.07)
    }

    @Test func aWorkloadWithoutIntervalsHasNoWidths() {
        let summaries = PrecisionTable.summaries([row("hugetlb", "legacy64", .point(1)), row("hugetlb", "chead16", .point(0.8))])
        #expect(summaries == [PrecisionTable.Summary(workload: "hugetlb", ratios: 1, measured: 0, resolved: 0,
                                                     medianHalfWidth: nil, widestHalfWidth: nil, widestRow: nil)])
        let text = ResultFormat.table.renderPrecision([row("hugetlb", "chead16", .point(0.8))])
        #expect(text.contains("hugetlb") && text.hasSuffix(PrecisionTable.footnote + "\n"))
    }
}

extension PrecisionTableTests {
    @Test func machinesGetPlainPercentagesAndPeopleThePlusMinus() {
        let rows = [row("lookup-scan", "chead16", measured(0.5, 0.49, 0.52))]  // +0.02 over 0.5: ±4 %
        let csv = ResultFormat.csv.renderPrecision(rows)
        #expect(csv.contains("median_half_width_percent") && csv.contains(",4.000,4.000,") && !csv.contains("±"))
        #expect(ResultFormat.markdown.renderPrecision(rows).contains("±4.0 %"))
    }
}

extension PrecisionTableTests {
    /// With a bound: the ratios within it (by the larger side, as `± %`), and the rounds of the
    /// ratio that asks for most beside the rounds it ran.
    @Test func aBoundCountsTheRatiosWithinItAndTheRoundsTheWidestAsksFor() throws {
        let six = measured(1.0, 0.97, 1.031)  // ±3.1 %: not within ±3 %
        let twelve = Interval(estimate: 0.9, low: 0.89, high: 0.91, n: 12)  // ±1.1 %
        let rows = [row("alloc-free", "legacy64", measured(1, 1, 1)),
                    row("alloc-free", "chead16", six), row("alloc-free", "memdesc8", twelve, variant: "w")]
        let summary = try #require(PrecisionTable.summaries(rows, within: 0.03).first)
        #expect(summary.withinBound == 1)
        #expect(summary.roundsForBound == Statistics.rounds(toReach: 0.03, for: six))
        #expect(try #require(summary.roundsForBound) > 6 && summary.roundsRun == 6)
        #expect(PrecisionTable.summaries(rows).first?.withinBound == nil)

        let csv = ResultFormat.csv.renderPrecision(rows, within: 0.03)
        #expect(csv.hasPrefix("workload,") && csv.contains("bound_percent,within_bound,rounds_for_bound,rounds_run"))
        #expect(csv.contains(",3.000,1,\(summary.roundsForBound!),6"))
        let text = ResultFormat.table.renderPrecision(rows, within: 0.03)
        #expect(text.contains("rounds for ±3.0 %") && text.hasSuffix(PrecisionTable.boundFootnote + "\n"))
        // --within 7 is 0.07, and 0.07 × 100 is not exactly 7: still one decimal; 2.25 keeps two.
        #expect(ResultFormat.table.renderPrecision(rows, within: 7.0 / 100).contains("rounds for ±7.0 %"))
        #expect(ResultFormat.table.renderPrecision(rows, within: 2.25 / 100).contains("rounds for ±2.25 %"))
    }
}

extension PrecisionTableTests {
    /// The ratio reported is the one that asks most against the rounds it ran (a plan scales a
    /// workload's rounds), not the one that asks for the most rounds.
    @Test func theRatioThatAsksMostAgainstItsOwnRoundsIsReported() throws {
        func interval(spread s: Double, rounds n: Int) -> Interval {
            let half = Statistics.tCritical(confidence: 0.95, degreesOfFreedom: Double(n - 1)) * s / Double(n).squareRoot()
            return Interval(estimate: 1, low: exp(-half), high: exp(half), n: n)
        }
        let six = interval(spread: 0.063, rounds: 6), twelve = interval(spread: 0.079, rounds: 12)
        let m6 = try #require(Statistics.rounds(toReach: 0.03, for: six))
        let m12 = try #require(Statistics.rounds(toReach: 0.03, for: twelve))
        try #require(m12 > m6 && Double(m6) / 6 > Double(m12) / 12)  // the two rules disagree here
        let rows = [row("alloc-free", "chead16", six), row("alloc-free", "memdesc8", twelve, variant: "order=9")]
        let summary = try #require(PrecisionTable.summaries(rows, within: 0.03).first)
        #expect(summary.roundsForBound == m6 && summary.roundsRun == 6)
    }
}
