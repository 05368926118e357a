import Testing
@testable import BenchOutput

/// A round's value is the mean of its faster half of repetitions; runs made with the median
/// before compare with new ones on one rule.
@Suite("Round values")
struct RoundValueTests {
    /// `legacy64`'s `alloc-free order=0 batch=1`, round 3 of `results/reference.samples.csv`
    /// (`883b7a1`): the host slowed two repetitions of three, and the median reported them.
    @Test func twoSlowRepetitionsOfThreeDoNotDecide() {
        let reps = [70.4248046875, 72.373046875, 57.0341796875]
        #expect(RoundValue.median.of(reps) == 70.4248046875)
        #expect(abs(RoundValue.current.of(reps) - 63.72942) < 1e-4)
    }

    @Test func theFasterHalfRoundedUp() {
        #expect(RoundValue.fasterHalf.of([10, 20, 21]) == 15)
        #expect(RoundValue.fasterHalf.of([30, 10, 50, 20, 40]) == 20)  // concurrent-tryget's five
        #expect(RoundValue.fasterHalf.of([8, 4]) == 4)
        #expect(RoundValue.fasterHalf.of([7]) == 7)
        #expect(RoundValue.median.of([8, 4]) == 8)
    }

    @Test func theSidecarNamesTheRule() throws {
        #expect(try RoundValue(settings: [:], gitRevision: "883b7a1") == .median)
        #expect(try RoundValue(settings: [:], gitRevision: "8b93bca") == .fasterHalf)
        #expect(try RoundValue(settings: ["round_value": "faster-half"], gitRevision: "9361cb6") == .fasterHalf)
        #expect(errorMessage { _ = try RoundValue(settings: ["round_value": "mean"], gitRevision: "9361cb6") }
            == "unknown round_value \"mean\" in the run's sidecar")
    }

    /// The same repetitions, written once with the median and once with the faster half,
    /// differ by the rule alone; put on one rule they are the same rounds and the same rows.
    @Test func runsOfTwoRulesCompareOnOne() throws {
        let reps: [[Double]] = [[10, 20, 21], [11, 19, 22], [10.5, 20.5, 21], [9.5, 21, 20], [10, 19.5, 21.5]]
        func run(_ rule: RoundValue) -> RunSamples {
            let samples = reps.enumerated().map { i, r in
                SampleRow(layout: "legacy64", workload: "alloc_free", variant: "order=0;batch=16", arenaBytes: 64 << 20,
                          round: i + 1, nsPerOp: rule.of(r), opsPerRep: 1, repNsPerOp: r, cpu: 0)
            }
            let interval = try! #require(Statistics.logInterval(samples.map(\.nsPerOp)))
            return RunSamples(rows: [makeRow(ns: interval.estimate, low: interval.low, high: interval.high)],
                              samples: samples, rule: rule)
        }
        let (old, new) = (run(.median), run(.fasterHalf))
        #expect(Comparison.change(old: old.rows, new: new.rows, oldSamples: old.samples, newSamples: new.samples)[0].changed == true)
        let (a, b, note) = RunSamples.onOneRule(old, new)
        let change = Comparison.change(old: a.rows, new: b.rows, oldSamples: a.samples, newSamples: b.samples)[0]
        #expect(change.changed == false)
        #expect(abs(try #require(change.ratio).estimate - 1) < 1e-12)
        // The rows' estimates made again too.
        let estimate = { (r: ResultRow) in [r.nsPerOp, r.ciLow, r.ciHigh] }
        #expect(estimate(a.rows[0]) == estimate(new.rows[0]) && estimate(b.rows[0]) == estimate(new.rows[0]))
        #expect(estimate(old.rows[0]) != estimate(new.rows[0]))
        #expect(note?.hasPrefix("the old run's rounds are median values") == true)
        // One rule, or a rule unknown: as written.
        #expect(RunSamples.onOneRule(new, new).note == nil)
        let unknown = RunSamples(rows: old.rows, samples: old.samples, rule: nil)
        #expect(RunSamples.onOneRule(unknown, new).old.samples == old.samples)
        var bare = old.samples[0]
        bare.repNsPerOp = []
        #expect(RoundValue.current.revalue([bare])[0].nsPerOp == 20)
    }
}
