import Foundation
import Testing
@testable import BenchOutput

/// `Statistics.rounds(toReach:for:)`: the rounds a ratio's measured scatter asks for to reach a width.
@Suite struct RoundsToReachTests {
    /// The 95 % interval of 6 paired rounds whose log ratios have standard deviation `s`.
    func sixRounds(spread s: Double) -> Interval {
        let half = Statistics.tCritical(confidence: 0.95, degreesOfFreedom: 5) * s / 6.0.squareRoot()
        return Interval(estimate: 1, low: exp(-half), high: exp(half), n: 6)
    }

    /// By hand: s = 0.03 over 6 rounds is ±3.2 %. For ±3 % (log 1.03 = 0.02956) 6 rounds give
    /// t(5)/√6 · s = 1.0495 · 0.03 = 0.0315, too wide, and 7 give t(6)/√7 · s = 0.9248 · 0.03 =
    /// 0.0277. For ±5 % (log 1.05 = 0.04879) 3 give 2.4841 · 0.03 = 0.0745 and 4 give
    /// 1.5912 · 0.03 = 0.0477. Dividing by √(m - 1) instead gives 8 and 5; t(m) for t(m - 1)
    /// gives the same here, but not for the small spreads below.
    @Test func theHandCounts() throws {
        let interval = sixRounds(spread: 0.03)
        #expect(try #require(Statistics.rounds(toReach: 0.03, for: interval)) == 7)
        #expect(try #require(Statistics.rounds(toReach: 0.05, for: interval)) == 4)
        // s = 0.1: t(m-1)/√m must reach 0.2956: 0.2970 at m = 46, 0.2936 at 47.
        // s = 0.004 must reach 7.39: t(1)/√2 = 8.98, t(2)/√3 = 2.48, so 3 (t(m) would give 2);
        // s = 0.012 must reach 2.463: 2.484 at 3, 1.591 at 4, so 4 (t(m) would give 3).
        #expect(try #require(Statistics.rounds(toReach: 0.03, for: sixRounds(spread: 0.004))) == 3)
        #expect(try #require(Statistics.rounds(toReach: 0.03, for: sixRounds(spread: 0.012))) == 4)
        #expect(try #require(Statistics.rounds(toReach: 0.03, for: sixRounds(spread: 0.1))) == 47)
    }

    @Test func theAnswerIsTheFirstRoundCountThatReaches() throws {
        for s in [0.004, 0.02, 0.05, 0.3] {
            let m = try #require(Statistics.rounds(toReach: 0.03, for: sixRounds(spread: s)))
            func width(_ m: Int) -> Double {
                exp(Statistics.tCritical(confidence: 0.95, degreesOfFreedom: Double(m - 1)) * s / Double(m).squareRoot()) - 1
            }
            #expect(width(m) <= 0.03 + 1e-12)
            if m > 2 { #expect(width(m - 1) > 0.03) }
        }
    }

    @Test func edges() {
        #expect(Statistics.rounds(toReach: 0.03, for: .point(0.9)) == nil)  // no interval, no spread
        #expect(Statistics.rounds(toReach: 0.03, for: Interval(estimate: 0.9, low: 0.9, high: 0.9, n: 6)) == 2)
        #expect(Statistics.rounds(toReach: 0.03, for: sixRounds(spread: 0.5), limit: 100) == Int.max)
        #expect(Statistics.rounds(toReach: 0.03, for: sixRounds(spread: 0.012), limit: 3) == Int.max)  // 4 would do: past the limit
        #expect(Statistics.rounds(toReach: 0, for: sixRounds(spread: 0.03)) == nil)
    }
}
