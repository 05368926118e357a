@testable import PageBench
import Testing

/// How the scheduler cuts a round's repetitions into turns.
@Suite("Turns")
struct TurnTests {
    typealias Scripted = WarmupTests.ScriptedSubject

    /// Turns each subject gets in a round of 3 repetitions of 8 ms, with batches of 10 µs
    /// (800 a repetition). The warm-up times batches one by one; a turn times them in one
    /// call, so the calls of more than one batch are the turns.
    func turns(warmsEachTurn: [Bool]) -> [Int] {
        let scheduler = RoundScheduler(plan: TimingPlan(rounds: 1, reps: 3, targetRepNanoseconds: 8_000_000), seed: 1)
        let subjects = warmsEachTurn.map { Scripted(warmsEachTurn: $0) { _ in 10_000 } }
        _ = scheduler.run(subjects, round: 0)
        return subjects.map { $0.calls.filter { $0 > 1 }.count }
    }

    /// 8 ms in 0.5 ms slices: 16 turns of 50 batches per repetition, for every subject.
    @Test func roundsAreSlicedFinely() {
        #expect(turns(warmsEachTurn: [false, false]) == [48, 48])
    }

    /// A scan's round (its layout and floor both warm each turn) runs a whole repetition
    /// per turn: a scan needs more of its own walks than a slice holds to get its LLC back.
    @Test func scansRunWholeRepetitionsPerTurn() {
        #expect(turns(warmsEachTurn: [true, true]) == [3, 3])
    }
}
