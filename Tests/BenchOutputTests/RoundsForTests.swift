import Foundation
import Testing
@testable import BenchOutput

/// `Statistics.roundsFor`: the rounds a ratio's measured scatter asks for to reach a width.
@Suite struct RoundsForTests {
    /// The 95 % interval of 6 paired rounds whose log ratios have standard deviation `s`.
    func sixRounds(spread s: Double) -> Interval {
        let half = Statistics.tCritical(confidence: 0.95, degreesOfFreedom: 5) * s / 6.0.squareRoot()
        return Interval(estimate: 1, low: exp(-half), high: exp(half), n: 6)
    }

    /// By hand: s = 0.03 over 6 rounds is ±3.2 %. For ±3 % (log 1.03 = 0.02956) 6 rounds give
    /// t(5)/√6 · s = 1.0495 · 0.03 = 0.0315, too wide, and 7 give t(6)/√7 · s = 0.9248 · 0.03 =
    /// 0.0277. For ±5 % (log 1.05 = 0.04879) 3 give 2.4841 · 0.03 = 0.0745 and 4 give
    /// 1.5912 · 0.03 = 0.0477. Counting √(m - 1) or t(m) instead gives other answers.
    @Test func theHandCounts() throws {
        let interval = sixRounds(spread: 0.03)
        #expect(try #require(Statistics.roundsFor(halfWidth: 0.03, interval)) == 7)
        #expect(try #require(Statistics.roundsFor(halfWidth: 0.05, interval)) == 4)
        // s = 0.1: t(m-1)/√m must reach 0.2956: 0.2970 at m = 46, 0.2936 at 47.
        #expect(try #require(Statistics.roundsFor(halfWidth: 0.03, sixRounds(spread: 0.1))) == 47)
    }

    @Test func theAnswerIsTheFirstRoundCountThatReaches() throws {
        for s in [0.004, 0.02, 0.05, 0.3] {
            let m = try #require(Statistics.roundsFor(halfWidth: 0.03, sixRounds(spread: s)))
            func width(_ m: Int) -> Double {
                exp(Statistics.tCritical(confidence: 0.95, degreesOfFreedom: Double(m - 1)) * s / Double(m).squareRoot()) - 1
            }
            #expect(width(m) <= 0.03 + 1e-12)
            if m > 2 { #expect(width(m - 1) > 0.03) }
        }
    }

    @Test func edges() {
        #expect(Statistics.roundsFor(halfWidth: 0.03, .point(0.9)) == nil)  // no interval, no spread
        #expect(Statistics.roundsFor(halfWidth: 0.03, Interval(estimate: 0.9, low: 0.9, high: 0.9, n: 6)) == 2)
        #expect(Statistics.roundsFor(halfWidth: 0.03, sixRounds(spread: 0.5), limit: 100) == Int.max)
        #expect(Statistics.roundsFor(halfWidth: 0, sixRounds(spread: 0.03)) == nil)
    }
}
