import Foundation
@testable import PageBench
import Testing

/// The scheduler warms a subject until its batches stop getting faster and sizes the
/// repetitions from the settled speed, not from the slow start.
@Suite("Warm-up")
struct WarmupTests {
    /// A subject whose batches report scripted times (no clock): `batchTime(n)` for the
    /// n-th batch, the untimed first one counted.
    /// With `pieces`, `batchTime(n)` is the n-th piece's, and `batches` counts pieces.
    final class ScriptedSubject: TimedSubject {
        let batchTime: (Int) -> UInt64
        let warmsEachTurn: Bool
        let pieces: Int
        var batches = 0
        /// The `count` of every `time(pieces:into:)` call, in order.
        var calls: [Int] = []
        /// Called at every `time(pieces:into:)` call, before it runs.
        var onTurn: () -> Void = {}
        /// The `count` of every `skipPlaces` call, in order.
        var skips: [Int] = []
        init(warmsEachTurn: Bool = false, pieces: Int = 1, _ batchTime: @escaping (Int) -> UInt64) {
            self.warmsEachTurn = warmsEachTurn
            self.pieces = pieces
            self.batchTime = batchTime
        }

        var opsPerBatch: Int { 1 }
        var checksum: UInt64 { 0 }
        func warm() { batches += pieces }
        func skipPlaces(_ count: Int) { skips.append(count) }
        func time(pieces count: Int, into times: UnsafeMutablePointer<UInt64>) -> UInt64 {
            calls.append(count)
            onTurn()
            var sum: UInt64 = 0
            for i in 0..<count {
                times[i] = batchTime(batches)
                sum += times[i]
                batches += 1
            }
            return sum
        }
    }

    /// The repetitions of a `tlb-huge.samples.csv` round at 384fe65 (ns per lookup), taken
    /// as windows, are still falling at every step; a steady row settles after two windows.
    @Test func settlesOnlyWhenTheFallEnds() {
        let fall: [Double] = [1766, 1551, 903, 709, 646]
        for n in 2...fall.count { #expect(!RoundScheduler.settled(Array(fall.prefix(n)))) }
        #expect(RoundScheduler.settled(fall + [640, 650, 645, 641]))
        #expect(RoundScheduler.settled([50.8, 50.3]))
        #expect(!RoundScheduler.settled([50.8]))
    }

    /// 1 ms repetitions (windows of 200 µs). Sized from the first window, as before the
    /// warm-up, a repetition would hold about 35 batches and last 35 µs once fast.
    @Test func repetitionsAreSizedFromTheSettledSpeed() {
        let scheduler = RoundScheduler(plan: TimingPlan(rounds: 1, reps: 1, targetRepNanoseconds: 1_000_000), seed: 1)
        // From 10 µs towards 1 µs, 1 % of the way a batch, as a cold row speeds up.
        let subject = ScriptedSubject { 1_000 + UInt64(9_000 * pow(0.99, Double($0))) }
        let (perRep, spent) = scheduler.calibrate(subject)
        #expect(perRep > 700 && perRep <= 1_000)
        #expect(subject.batches > 100)
        #expect(spent < RoundScheduler.warmupLimitNanoseconds)
    }

    /// Three batches longer than a window (8 ms against the 1.6 ms windows of an 8 ms
    /// repetition), then batches of 0.2 ms, as a 4 TiB machine's first chased lookups.
    /// Windows of one batch took the first two slow ones as settled and sized the
    /// repetition at one batch; windows of four see the fall and size it at 40.
    @Test func aSlowStartOfLongBatchesIsWaitedOut() {
        let scheduler = RoundScheduler(plan: TimingPlan(rounds: 1, reps: 1, targetRepNanoseconds: 8_000_000), seed: 1)
        let subject = ScriptedSubject { $0 < 4 ? 8_000_000 : 200_000 }
        let (perRep, spent) = scheduler.calibrate(subject)
        #expect(perRep == 40)
        #expect(subject.calls.count >= 2 * RoundScheduler.windowBatches)
        #expect(spent == 3 * 8_000_000 + UInt64(subject.calls.count - 3) * 200_000)
    }

    /// A subject still falling 20 % a batch is warmed for the limit and stops there: its
    /// batches of 400, 320, 256 and 205 ms pass the limit at the fourth.
    @Test func warmupStopsAtItsLimit() {
        let scheduler = RoundScheduler(plan: TimingPlan(rounds: 1, reps: 1, targetRepNanoseconds: 1_000_000), seed: 1)
        // 500 ms x 0.8^n for the n-th batch; the untimed first one (n = 0) is not counted.
        let (_, spent) = scheduler.calibrate(ScriptedSubject { 500_000_000 * UInt64(pow(4.0, Double($0))) / UInt64(pow(5.0, Double($0))) })
        #expect(spent >= RoundScheduler.warmupLimitNanoseconds)
        #expect(spent == 400_000_000 + 320_000_000 + 256_000_000 + 204_800_000)
    }
}
