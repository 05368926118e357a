import Testing
@testable import PageBench

/// A round's value is the mean of its faster half of repetitions, not their median.
@Suite struct RoundValueTests {
    private func round(_ reps: [Double]) -> RoundSample {
        RoundSample(round: 0, nsPerOp: reps, opsPerRep: 1, cpu: 0, warmupMilliseconds: 0, note: "")
    }

    /// `legacy64`'s `alloc-free order=0 batch=1`, round 3 of `results/reference.samples.csv`:
    /// the host slowed two repetitions of three, and the median (70.4 ns) reported them.
    @Test func twoSlowRepetitionsOfThreeDoNotDecide() {
        #expect(abs(round([70.4248046875, 72.373046875, 57.0341796875]).value - 63.72942) < 1e-4)
    }

    @Test func theFasterHalfRoundedUp() {
        #expect(round([10, 20, 21]).value == 15)
        #expect(round([30, 10, 50, 20, 40]).value == 20)  // concurrent-tryget's five
        #expect(round([8, 4]).value == 4)
        #expect(round([7]).value == 7)
    }
}
