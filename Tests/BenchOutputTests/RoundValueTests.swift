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
        #expect(try RoundValue(settings: [:]) == .median)
        #expect(try RoundValue(settings: ["round_value": "faster-half"]) == .fasterHalf)
        #expect(errorMessage { _ = try RoundValue(settings: ["round_value": "mean"]) }
            == "unknown round_value \"mean\" in the run's sidecar")
    }

    /// The same repetitions, written once with the median and once with the faster half,
    /// differ by the rule alone; made again by one rule they are the same rounds.
    @Test func runsOfTwoRulesCompareOnOne() throws {
        let reps: [[Double]] = [[10, 20, 21], [11, 19, 22], [10.5, 20.5, 21], [9.5, 21, 20], [10, 19.5, 21.5]]
        func samples(_ rule: RoundValue) -> [SampleRow] {
            reps.enumerated().map { i, r in
                SampleRow(layout: "legacy64", workload: "alloc_free", variant: "order=0;batch=16", arenaBytes: 64 << 20,
                          round: i + 1, nsPerOp: rule.of(r), opsPerRep: 1, repNsPerOp: r, cpu: 0)
            }
        }
        let (old, new) = (samples(.median), samples(.fasterHalf))
        let rows = ([makeRow(ns: 20)], [makeRow(ns: 15)])
        let asWritten = Comparison.change(old: rows.0, new: rows.1, oldSamples: old, newSamples: new)
        #expect(asWritten[0].changed == true)
        let onOne = Comparison.change(old: rows.0, new: rows.1, oldSamples: RoundValue.current.revalue(old),
                                      newSamples: RoundValue.current.revalue(new))
        #expect(onOne[0].changed == false)
        #expect(abs(try #require(onOne[0].ratio).estimate - 1) < 1e-12)
        var bare = old[0]
        bare.repNsPerOp = []
        #expect(RoundValue.current.revalue([bare])[0].nsPerOp == 20)
    }
}
