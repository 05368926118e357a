import Foundation
@testable import PageBench
import Testing

/// The scheduler warms a subject until its batches stop getting faster and sizes the
/// repetitions from the settled speed, not from the slow start.
@Suite("Warm-up")
struct WarmupTests {
    /// A subject whose batches report scripted times (no clock) that fall from 10 µs
    /// towards 1 µs, 1 % of the way a batch, as a cold row speeds up.
    final class ScriptedSubject: TimedSubject {
        var batches = 0
        var opsPerBatch: Int { 1 }
        var checksum: UInt64 { 0 }
        func warm() { batches += 1 }
        func time(batches count: Int, into times: UnsafeMutablePointer<UInt64>) -> UInt64 {
            var sum: UInt64 = 0
            for i in 0..<count {
                times[i] = 1_000 + UInt64(9_000 * pow(0.99, Double(batches)))
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
        let subject = ScriptedSubject()
        let (perRep, spent) = scheduler.calibrate(subject)
        #expect(perRep > 700 && perRep <= 1_000)
        #expect(subject.batches > 100)
        #expect(spent < RoundScheduler.warmupLimitNanoseconds)
    }

    /// A subject still falling 20 % a batch is warmed for the limit and stops there: its
    /// batches of 400, 320, 256 and 205 ms pass the limit at the fourth.
    @Test func warmupStopsAtItsLimit() {
        final class Falling: TimedSubject {
            var next: UInt64 = 500_000_000
            var opsPerBatch: Int { 1 }
            var checksum: UInt64 { 0 }
            func warm() {}
            func time(batches count: Int, into times: UnsafeMutablePointer<UInt64>) -> UInt64 {
                var sum: UInt64 = 0
                for i in 0..<count {
                    next = next * 4 / 5
                    times[i] = next
                    sum += next
                }
                return sum
            }
        }
        let scheduler = RoundScheduler(plan: TimingPlan(rounds: 1, reps: 1, targetRepNanoseconds: 1_000_000), seed: 1)
        let (_, spent) = scheduler.calibrate(Falling())
        #expect(spent >= RoundScheduler.warmupLimitNanoseconds)
        #expect(spent == 400_000_000 + 320_000_000 + 256_000_000 + 204_800_000)
    }
}
