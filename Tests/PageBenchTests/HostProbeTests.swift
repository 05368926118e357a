@testable import PageBench
import Testing

/// The host probe and the rounds it has run again.
@Suite("Host probe")
struct HostProbeTests {
    /// Both probes really run between their clock reads. 2,048 steps of the compute stretch
    /// (16 operations each) cannot take under 0.2 ns a step on any CPU this runs on, nor a
    /// load of the chase under 0.5 ns: a first version, whose stretch the optimiser computed
    /// once for the calibration's loop, read 0.01.
    @Test func probesTimeTheirWork() throws {
        var probe = HostProbe(seed: 1)
        probe.calibrate(cpu: 0)
        let level = probe.quietLevel(cpu: 0)
        #expect(try #require(level) > 0.2)
        for _ in 0..<10 { probe.sample() }
        let first = probe.endRound(), second = probe.endRound()
        let reading = try #require(first)
        #expect(reading.computeNanoseconds > 0.2)
        #expect(reading.chaseNanoseconds > 0.5)
        #expect(second == nil, "a round's samples are cleared")
    }

    /// A reading more than 10 % over its CPU's quiet level is contended; a quieter one
    /// becomes the level; each CPU has its own.
    @Test func contentionIsAgainstTheQuietestReadingOfTheCPU() {
        var probe = HostProbe(seed: 1)
        func reading(_ compute: Double) -> HostProbe.Reading { .init(computeNanoseconds: compute, chaseNanoseconds: 100) }
        let verdicts = [(2.0, 5), (2.3, 5), (2.15, 5), (1.8, 5), (2.0, 5), (2.3, 6)].map {
            probe.contention(reading($0.0), cpu: $0.1) != nil
        }
        // The first sets cpu 5's level; 2.3 is 15 % over it, 2.15 7.5 %; 1.8 lowers it, and
        // 2.0 is then 11 % over; cpu 6 has a level of its own.
        #expect(verdicts == [false, true, false, false, true, false])
        let level = probe.quietLevel(cpu: 5)
        #expect(level == 1.8)
    }

    /// A round measured with `attempt`'s number as its one repetition, contended on the
    /// attempts given.
    func measure(contended: Set<Int>) -> (Int, Int) -> BenchmarkRunner.MeasuredRound {
        { round, attempt in
            let sample = RoundSample(round: round, nsPerOp: [Double(attempt)], opsPerRep: 1, cpu: 0, warmupMilliseconds: 0, note: "")
            return .init(samples: [.init(layout: "legacy64", variant: "", sample: sample, batchTimes: [1], opsPerBatch: 1,
                                         checksum: 0, extras: RowExtras(metadataBytesPerPage: 64))],
                         contention: contended.contains(attempt) ? "contended" : nil)
        }
    }

    func kept(_ rows: RowAccumulator) -> [[Double]] { rows.rows[0].rounds.map(\.nsPerOp) }

    /// Contended rounds are measured again and dropped; the kept rounds are numbered
    /// 0 to count - 1, and the rows say how many were run again.
    @Test func contendedRoundsAreRunAgain() throws {
        var lines: [String] = []
        var budget = 100
        let rows = BenchmarkRunner.rounds(6, rerunBudget: &budget, progress: { lines.append($0) },
                                          measure: measure(contended: [1, 2]))
        #expect(budget == 98)
        #expect(kept(rows) == [[0], [3], [4], [5], [6], [7]])
        #expect(rows.rows[0].rounds.map(\.round) == Array(0..<6))
        #expect(rows.roundsRunAgain == 2)
        #expect(lines == ["round 1/6", "round 2/6", "round 2/6: contended: run again", "round 2/6 again",
                          "round 2/6: contended: run again", "round 2/6 again", "round 3/6", "round 4/6", "round 5/6", "round 6/6"])
        let result = try #require(rows.results(workload: .allocFree, arenaBytes: 1 << 30, order: ["legacy64"]).first)
        #expect(result.note.contains("2 round(s) run again"))
    }

    /// At most half the rounds (rounded down) are run again: after that contended rounds are
    /// kept. With no budget (`--keep-contended`) none is.
    @Test func runningAgainIsCapped() {
        let always = measure(contended: Set(0..<100))
        var budget = 100
        let capped = BenchmarkRunner.rounds(6, rerunBudget: &budget, progress: { _ in }, measure: always)
        #expect(kept(capped) == [[3], [4], [5], [6], [7], [8]])
        let odd = BenchmarkRunner.rounds(3, rerunBudget: &budget, progress: { _ in }, measure: always)
        #expect(kept(odd) == [[1], [2], [3]], "3 rounds allow 1 more")
        var none = 0
        let kept = BenchmarkRunner.rounds(6, rerunBudget: &none, progress: { _ in }, measure: always)
        #expect(self.kept(kept) == [[0], [1], [2], [3], [4], [5]])
        #expect(kept.roundsRunAgain == 0)
    }

    /// The run's budget caps reruns across variants: two left, the first variant takes
    /// both, the next none.
    @Test func theRunsBudgetCapsRerunsAcrossVariants() {
        let always = measure(contended: Set(0..<100))
        var budget = 2
        let first = BenchmarkRunner.rounds(6, rerunBudget: &budget, progress: { _ in }, measure: always)
        let second = BenchmarkRunner.rounds(6, rerunBudget: &budget, progress: { _ in }, measure: always)
        #expect(first.roundsRunAgain == 2 && kept(first) == [[2], [3], [4], [5], [6], [7]])
        #expect(second.roundsRunAgain == 0 && kept(second) == [[0], [1], [2], [3], [4], [5]])
        #expect(budget == 0)
    }

    /// The budget is a tenth of the rounds planned so far, rounded up, carried over: the
    /// first 6 planned rounds give one, 12 give two, and the default matrix's 294 give 30 in
    /// all (a tenth of each variant's rounds, rounded up, would give 49).
    @Test func theBudgetIsATenthOfTheRoundsPlannedSoFar() {
        var budget = BenchmarkRunner.RerunBudget(measuresAgain: true)
        budget.plan(6)
        #expect(budget.left == 1, "the first variant has one")
        budget.plan(6)
        #expect(budget.left == 2)
        budget.left -= 1
        budget.plan(12)
        #expect(budget.left == 2, "24 planned, one used")
        for _ in 0..<45 { budget.plan(6) }
        #expect(budget.planned == 294 && budget.left == 29)
    }

    /// `--keep-contended` (`rerunContended` false) keeps every round: its run's budget stays
    /// empty however many rounds it plans (and no budget, no round run again:
    /// `runningAgainIsCapped`); by default it grows.
    @Test func keepingContendedRoundsLeavesNoBudget() {
        for rerun in [false, true] {
            var budget = BenchmarkRunner(BenchmarkConfiguration(rerunContended: rerun)).rerunBudget
            for _ in 0..<49 { budget.plan(6) }
            #expect(budget.planned == 294 && budget.left == (rerun ? 30 : 0))
        }
    }
}
