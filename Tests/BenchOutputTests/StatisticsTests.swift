import Foundation
import Testing
@testable import BenchOutput

/// Reference values are from SciPy 1.17 (`scipy.stats.t.ppf`, `mannwhitneyu`, `ttest_ind`).
@Suite("Statistics")
struct StatisticsTests {
    @Test(arguments: [
        (1.0, 12.706204736174694), (2, 4.302652729749462), (4, 2.7764451051977934), (9, 2.262157162798205),
        (29, 2.045229642132703), (30, 2.0422724563012378), (100, 1.9839715185235518), (3.5, 2.9400886379827282),
    ])
    func tQuantile975(_ df: Double, _ expected: Double) {
        #expect(abs(Statistics.tQuantile(0.975, degreesOfFreedom: df) - expected) < 1e-9 * expected)
        #expect(abs(Statistics.tCritical(confidence: 0.95, degreesOfFreedom: df) - expected) < 1e-9 * expected)
    }

    @Test(arguments: [(1.0, 63.656741162871526), (4, 4.604094871349992), (9, 3.249835541592126), (29, 2.756385903670605)])
    func tQuantile995(_ df: Double, _ expected: Double) {
        #expect(abs(Statistics.tCritical(confidence: 0.99, degreesOfFreedom: df) - expected) < 1e-9 * expected)
    }

    @Test func tQuantileIsSymmetricAndCDFInvertsIt() {
        #expect(Statistics.tQuantile(0.5, degreesOfFreedom: 7) == 0)
        #expect(abs(Statistics.tQuantile(0.025, degreesOfFreedom: 9) + 2.262157162798205) < 1e-9)
        #expect(abs(Statistics.tCDF(2.262157162798205, degreesOfFreedom: 9) - 0.975) < 1e-12)
        #expect(abs(Statistics.tCDF(-1, degreesOfFreedom: 1) - 0.25) < 1e-12)  // Cauchy
    }

    @Test func logIntervalOfKnownData() throws {
        let interval = try #require(Statistics.logInterval([10, 11, 12, 13, 14]))
        #expect(abs(interval.estimate - 11.915960744952384) < 1e-9)
        #expect(abs(interval.low - 10.102294653149556) < 1e-9)
        #expect(abs(interval.high - 14.05523451357444) < 1e-9)
        #expect(interval.n == 5 && interval.hasBounds)
        #expect(abs(interval.halfWidthFraction - (14.05523451357444 / 11.915960744952384 - 1)) < 1e-12)
        #expect(interval.contains(12) && !interval.contains(15) && interval.excludes(15))
    }

    @Test func logIntervalNeedsTwoPositiveValues() {
        #expect(Statistics.logInterval([10]) == nil)
        #expect(Statistics.logInterval([]) == nil)
        #expect(Statistics.logInterval([10, 0]) == nil)
        #expect(Statistics.logInterval([10, -1]) == nil)
        #expect(Statistics.logInterval([10, .infinity]) == nil)
        #expect(close(Statistics.logInterval([7, 7, 7]), Interval(estimate: 7, low: 7, high: 7, n: 3)))
    }

    @Test func rowIntervalFallsBackToRepetitionsWithOneRound() throws {
        let rounds = try #require(Statistics.rowInterval(roundValues: [10, 11, 12, 13, 14], repetitions: [1, 100]))
        #expect(rounds == Statistics.logInterval([10, 11, 12, 13, 14]))
        let one = try #require(Statistics.rowInterval(roundValues: [11.5], repetitions: [10, 11, 12, 13, 14]))
        let reps = try #require(Statistics.logInterval([10, 11, 12, 13, 14]))
        #expect(one == Interval(estimate: 11.5, low: reps.low, high: reps.high, n: 5))
        #expect(Statistics.rowInterval(roundValues: [11.5], repetitions: [11]) == nil)
        // One round of twenty repetitions scattered by 1 %: their faster half lies below the
        // interval of all twenty, which the row's interval then reaches down to.
        let twenty = (0..<20).map { 10 * (1 + 0.01 * Double($0 % 5 - 2)) }
        let fast = RoundValue.fasterHalf.of(twenty)
        let all = try #require(Statistics.logInterval(twenty))
        #expect(fast < all.low)
        let row = try #require(Statistics.rowInterval(roundValues: [fast], repetitions: twenty))
        #expect(row == Interval(estimate: fast, low: fast, high: all.high, n: 20))
    }

    @Test func pairedRatioRecoversAKnownRatio() throws {
        // Rounds differ by up to 40 % from each other; within a round a is 1.25 b ± 1 %.
        let b: [Int: Double] = [1: 20, 2: 28, 3: 19, 4: 24, 5: 21, 6: 26]
        let noise: [Int: Double] = [1: 1.01, 2: 0.99, 3: 1.0, 4: 1.005, 5: 0.995, 6: 1.0]
        let a = b.mapValues { $0 * 1.25 }.merging(noise, uniquingKeysWith: *)
        let ratio = try #require(Statistics.pairedRatio(a, b))
        #expect(ratio.n == 6)
        #expect(ratio.contains(1.25))
        #expect(ratio.excludes(1))
        #expect(ratio.high - ratio.low < 0.03)
        #expect(abs(ratio.estimate - 1.25) < 0.01)
        // The unpaired interval on the same values cannot see past the round-to-round spread.
        let unpaired = try #require(Statistics.unpairedRatio(Array(a.values), Array(b.values)))
        #expect(unpaired.high - unpaired.low > 10 * (ratio.high - ratio.low))
    }

    @Test func pairedRatioUsesOnlyCommonRounds() throws {
        let exact = try #require(Statistics.pairedRatio([1: 10, 2: 30, 3: 50, 9: 1], [1: 5, 2: 15, 3: 25, 4: 100]))
        #expect(close(exact, Interval(estimate: 2, low: 2, high: 2, n: 3)))
        #expect(Statistics.pairedRatio([1: 10, 2: 20], [2: 5, 3: 5]) == nil)  // one common round
        #expect(Statistics.pairedRatio([1: 10, 2: 0], [1: 5, 2: 5]) == nil)
    }

    @Test func pairedDifferenceIsInTheValuesUnit() throws {
        let legacy: [Int: Double] = [1: 20, 2: 22, 3: 19, 4: 21, 5: 20.5]
        let layout: [Int: Double] = [1: 15, 2: 16.72, 3: 14.06, 4: 15.75, 5: 15.4775]
        let added = try #require(Statistics.pairedDifference(layout, legacy))
        #expect(abs(added.estimate - -5.0985) < 1e-9)
        #expect(abs(added.low - -5.291353044181697) < 1e-9)
        #expect(abs(added.high - -4.905646955818302) < 1e-9)
    }

    @Test func unpairedRatioMatchesWelch() throws {
        let old = [10, 10.2, 9.9, 10.1, 10.05], new = [12, 12.3, 11.8, 12.1, 12.2]
        let ratio = try #require(Statistics.unpairedRatio(new, old))
        #expect(abs(ratio.low - 1.17753839) < 1e-7)
        #expect(abs(ratio.high - 1.22682108) < 1e-7)
        #expect(ratio.n == 10)
        #expect(Statistics.unpairedRatio([12], old) == nil)
        #expect(close(Statistics.unpairedRatio([3, 3], [2, 2]), Interval(estimate: 1.5, low: 1.5, high: 1.5, n: 4)))
    }

    @Test func mannWhitneyExact() throws {
        // Every x below every y, n = m = 5: U = 0, p = 2 / C(10, 5) = 2 / 252.
        let p = try #require(Statistics.mannWhitney([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]))
        #expect(abs(p - 2.0 / 252) < 1e-15)
        #expect(Statistics.mannWhitney([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]) == p)
        let q = try #require(Statistics.mannWhitney([1.1, 2.3, 3.7, 4.2, 5.9, 6.1], [2.0, 4.0, 6.5, 7.1, 8.8, 9.3, 10.4]))
        #expect(abs(q - 0.07342657342657342) < 1e-12)
        #expect(Statistics.mannWhitney([1], [2]) == 1)
        #expect(Statistics.smallestMannWhitneyP(5, 5) == 2.0 / 252)
        #expect(Statistics.smallestMannWhitneyP(3, 3) == 0.1)
    }

    @Test func mannWhitneyNormalApproximationWithTies() throws {
        let p = try #require(Statistics.mannWhitney([1, 2, 2, 3, 4, 5, 5, 6], [3, 4, 5, 6, 7, 7, 8, 9, 9]))
        #expect(abs(p - 0.015499036161115596) < 1e-12)
        // More than 30 values, no ties: the approximation as well (scipy method='asymptotic').
        let x = (0..<20).map { Double($0) }, y = (0..<20).map { Double($0) + 5.5 }
        let q = try #require(Statistics.mannWhitney(x, y))
        #expect(abs(q - 0.010581211443165648) < 1e-9)
    }

    @Test func mannWhitneyEdgeCases() {
        #expect(Statistics.mannWhitney([], [1, 2]) == nil)
        #expect(Statistics.mannWhitney([1, 2], []) == nil)
        #expect(Statistics.mannWhitney([4, 4, 4], [4, 4]) == 1)
    }
}
