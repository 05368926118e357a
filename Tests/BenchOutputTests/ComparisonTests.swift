import Testing
@testable import BenchOutput

@Suite("Comparison.sideBySide")
struct SideBySideTests {
    /// order=0 has every reference; order=3 has no jemalloc and no floor for chead16;
    /// the empty-variant workload has only a floor row for twoword16. No samples.
    let run = [
        makeRow(layout: "legacy64", workload: "alloc", variant: "order=0", ns: 20),
        makeRow(layout: "twoword16", workload: "alloc", variant: "order=0", ns: 15),
        makeRow(layout: "jemalloc", workload: "alloc", variant: "order=0", ns: 30),
        makeRow(layout: "floor", workload: "alloc", variant: "order=0;layout=legacy64", ns: 10),
        makeRow(layout: "floor", workload: "alloc", variant: "order=0;layout=twoword16", ns: 5),
        makeRow(layout: "legacy64", workload: "alloc", variant: "order=3", ns: 40),
        makeRow(layout: "chead16", workload: "alloc", variant: "order=3", ns: 50),
        makeRow(layout: "twoword16", workload: "scan", variant: "", ns: 8),
        makeRow(layout: "floor", workload: "scan", variant: "layout=twoword16", ns: 2),
        // Same variant as above but another workload: must not be used as a reference.
        makeRow(layout: "floor", workload: "other", variant: "order=3;layout=chead16", ns: 1),
    ]

    /// Five paired rounds: twoword16 is 0.75 legacy64 in every round (± 1 %), chead16 is
    /// 1.00 ± 3 %, while the rounds themselves differ by up to 15 %.
    let legacyRounds = [20, 22, 19, 21, 20.5]
    var paired: (rows: [ResultRow], samples: [SampleRow]) {
        let twoword = zip(legacyRounds, [0.75, 0.76, 0.74, 0.75, 0.755]).map { $0 * $1 }
        let chead = zip(legacyRounds, [1.02, 0.97, 1.01, 0.99, 1.03]).map { $0 * $1 }
        let rows = [
            makeRow(layout: "legacy64", ns: 20.48), makeRow(layout: "twoword16", ns: 15.38),
            makeRow(layout: "chead16", ns: 20.56), makeRow(layout: "legacy64#2", ns: 20.48),
        ]
        return (rows, makeSamples(layout: "legacy64", legacyRounds) + makeSamples(layout: "twoword16", twoword)
                    + makeSamples(layout: "chead16", chead) + makeSamples(layout: "legacy64#2", legacyRounds.reversed()))
    }

    @Test func withoutSamplesRatiosAreBareEstimates() throws {
        let rows = Comparison.sideBySide(run, samples: [])
        #expect(rows.map(\.layout) == ["legacy64", "twoword16", "legacy64", "chead16", "twoword16"])
        #expect(rows[0].vsLegacy64 == .point(1))
        #expect(rows[0].vsJemalloc == .point(20.0 / 30))
        #expect(rows[0].vsFloor == .point(2))
        #expect(rows[1].vsLegacy64 == .point(0.75) && rows[1].vsJemalloc == .point(0.5) && rows[1].vsFloor == .point(3))
        #expect(rows[1].addedVsLegacy64 == .point(-5))
        #expect(rows[1].interval == Interval(estimate: 15, low: 14.625, high: 15.375, n: 5))
        #expect(rows.allSatisfy { [$0.vsLegacy64, $0.vsJemalloc, $0.vsFloor].allSatisfy { $0?.hasBounds != true } })
    }

    @Test func missingReferencesAreNil() {
        let rows = Comparison.sideBySide(run, samples: [])
        #expect(rows[3].vsLegacy64 == .point(1.25))
        #expect(rows[3].vsJemalloc == nil && rows[3].vsFloor == nil)
        // Empty variant: floor variant is just `layout=<name>`; no legacy64 or jemalloc at all.
        #expect(rows[4].vsLegacy64 == nil && rows[4].vsJemalloc == nil && rows[4].addedVsLegacy64 == nil)
        #expect(rows[4].vsFloor == .point(4))
    }

    @Test func floorMatchIgnoresParameterOrderButNotArena() {
        var otherArena = makeRow(layout: "legacy64", workload: "w", variant: "batch=16;order=1", ns: 1)
        otherArena.arenaBytes = 1 << 40
        let rows = Comparison.sideBySide([
            makeRow(layout: "chead16", workload: "w", variant: "order=1;batch=16", ns: 9),
            makeRow(layout: "floor", workload: "w", variant: "layout=chead16;batch=16;order=1", ns: 3),
            makeRow(layout: "floor", workload: "w", variant: "order=1;batch=16;layout=legacy64", ns: 100),
            otherArena,
        ], samples: [])
        #expect(rows.map(\.layout) == ["chead16", "legacy64"])
        #expect(rows[0].vsFloor == .point(3))
        #expect(rows[0].vsLegacy64 == nil)
    }

    @Test func referenceOnlyRunGivesNoRows() {
        #expect(Comparison.sideBySide([makeRow(layout: "jemalloc"), makeRow(layout: "floor")], samples: []).isEmpty)
    }

    @Test func pairedRoundsGiveIntervals() throws {
        let rows = Comparison.sideBySide(paired.rows, samples: paired.samples)
        #expect(rows.map(\.layout) == ["legacy64", "twoword16", "chead16", "legacy64#2"])
        #expect(close(rows[0].vsLegacy64, Interval(estimate: 1, low: 1, high: 1, n: 5)))
        let twoword = try #require(rows[1].vsLegacy64)
        #expect(abs(twoword.estimate - 0.7509706399236675) < 1e-12)
        #expect(abs(twoword.low - 0.7418033087324296) < 1e-12 && abs(twoword.high - 0.7602512625496842) < 1e-12)
        let chead = try #require(rows[2].vsLegacy64)
        #expect(abs(chead.low - 0.9741775022530789) < 1e-12 && abs(chead.high - 1.0342563212506861) < 1e-12)
        let added = try #require(rows[1].addedVsLegacy64)
        #expect(abs(added.estimate - -5.0985) < 1e-9 && abs(added.low - -5.291353044181697) < 1e-9)
        // The A/A copy is compared with legacy64 like any layout; its rounds are in another order.
        let copy = try #require(rows[3].vsLegacy64)
        #expect(copy.hasBounds && copy.contains(1) && abs(copy.estimate - 1) < 1e-12)
        #expect(rows[3].vsJemalloc == nil)
    }

    @Test func starMarksOnlyIntervalsThatExcludeOne() {
        let table = ResultFormat.table.render(Comparison.sideBySide(paired.rows, samples: paired.samples))
        let lines = table.split(separator: "\n").map(String.init)
        #expect(lines.count == 7)  // header, rule, four rows, footnote (the blank line is split away)
        #expect(lines[3].contains("0.751 [0.742, 0.760] *"))  // twoword16
        #expect(lines[4].contains("1.004 [0.974, 1.034]") && !lines[4].contains("*"))  // chead16
        #expect(lines[2].contains("1.000 [1.000, 1.000]") && !lines[2].contains("*"))  // legacy64 itself
        #expect(lines.last == "* the 95 % interval, from paired rounds, excludes 1")
        // Bare estimates are never starred, however far from 1.
        let bare = ResultFormat.markdown.render(Comparison.sideBySide(run, samples: []))
        #expect(!bare.split(separator: "\n").dropLast().joined().contains("*"))
        #expect(bare.hasSuffix("\n\n" + ComparisonRow.footnote + "\n"))
    }

    @Test func markdownCellsShowTheRowIntervalAndRatios() {
        let md = ResultFormat.markdown.render(Comparison.sideBySide(paired.rows, samples: paired.samples))
        let lines = md.split(separator: "\n")
        #expect(lines[0] == "| workload | variant | layout | arena | rounds | ns/op | vs legacy64 | vs jemalloc | vs floor | ns added vs legacy64 |")
        #expect(lines[3] == "| alloc_free | order=0;batch=16 | twoword16 | 64MiB | 5 | 15.4 ± 2.5 % | 0.751 [0.742, 0.760] * |  |  | -5.10 [-5.29, -4.91] |")
    }

    @Test func csvHasEstimateLowAndHighColumns() {
        let csv = ResultFormat.csv.render(Comparison.sideBySide(run, samples: []))
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "workload,variant,layout,arena_bytes,rounds,ns_per_op,ns_per_op_low,ns_per_op_high,"
            + "vs_legacy64,vs_legacy64_low,vs_legacy64_high,vs_jemalloc,vs_jemalloc_low,vs_jemalloc_high,"
            + "vs_floor,vs_floor_low,vs_floor_high,added_vs_legacy64_ns,added_vs_legacy64_ns_low,added_vs_legacy64_ns_high")
        #expect(lines[2] == "alloc,order=0,twoword16,67108864,5,15.000,14.625,15.375,0.750,,,0.500,,,3.000,,,-5.000,,")
        #expect(lines[5] == "scan,,twoword16,67108864,5,8.000,7.800,8.200,,,,,,,4.000,,,,,")
        let paired = ResultFormat.csv.render(Comparison.sideBySide(paired.rows, samples: paired.samples))
        #expect(paired.split(separator: "\n")[2].contains(",0.751,0.742,0.760,"))
    }
}

@Suite("Comparison.change")
struct ChangeTests {
    let old = [makeRow(layout: "legacy64", ns: 10), makeRow(layout: "twoword16", ns: 10)]
    let new = [makeRow(layout: "legacy64", ns: 12), makeRow(layout: "twoword16", ns: 10)]
    let oldSamples = makeSamples(layout: "legacy64", [10, 10.1, 9.9, 10.05, 9.95])
        + makeSamples(layout: "twoword16", [10, 10.1, 9.9, 10.05, 9.95])
    let newSamples = makeSamples(layout: "legacy64", [12, 12.1, 11.9, 12.05, 11.95])
        + makeSamples(layout: "twoword16", [10.05, 9.95, 10.1, 9.9, 10])

    @Test func flagsARealShiftAndNotIdenticalDistributions() throws {
        let rows = Comparison.change(old: old, new: new, oldSamples: oldSamples, newSamples: newSamples)
        #expect(rows.map(\.changed) == [true, false])
        #expect(rows[0].pValue.map { abs($0 - 2.0 / 252) < 1e-12 } == true)
        #expect(rows[1].pValue == 1)
        let shift = try #require(rows[0].ratio)
        #expect(shift.hasBounds && shift.contains(1.2) && shift.excludes(1))
        let same = try #require(rows[1].ratio)
        #expect(same.hasBounds && same.contains(1) && abs(same.estimate - 1) < 1e-12)
        #expect(rows.allSatisfy { $0.note.isEmpty })
    }

    @Test func withoutSamplesThereIsNoIntervalAndTheNoteSaysWhy() {
        let none = Comparison.change(old: old, new: new, oldSamples: [], newSamples: [])
        #expect(none[0] == ChangeRow(layout: "legacy64", workload: "alloc_free", variant: "order=0;batch=16",
                                     arenaBytes: 64 << 20, oldNsPerOp: 10, newNsPerOp: 12, ratio: .point(1.2),
                                     pValue: nil, changed: nil, note: "no samples in either run"))
        let oldOnly = Comparison.change(old: old, new: new, oldSamples: oldSamples, newSamples: [])
        #expect(oldOnly[0].note == "no samples for the new run" && oldOnly[0].changed == nil)
        #expect(Comparison.change(old: old, new: new, oldSamples: [], newSamples: newSamples)[0].note
            == "no samples for the old run")
        let one = Comparison.change(old: old, new: new, oldSamples: makeSamples([10]), newSamples: newSamples)
        #expect(one[0].note == "too few rounds to test (old 1, new 5)")
        #expect(one[0].changed == nil && one[0].pValue == nil && one[0].ratio?.hasBounds == false)
    }

    @Test func threeRoundsCanNeverReachSignificance() {
        let rows = Comparison.change(old: [makeRow()], new: [makeRow(ns: 20)],
                                     oldSamples: makeSamples([10, 10.05, 10.1]), newSamples: makeSamples([20, 20.1, 20.2]))
        #expect(rows[0].changed == false)
        #expect(rows[0].pValue == 0.1)
        #expect(rows[0].note == "too few rounds to reach p < 0.05 (old 3, new 3)")
    }

    @Test func joinUsesLayoutWorkloadVariantAndArena() {
        var bigArena = makeRow(layout: "legacy64", workload: "w", variant: "order=0", ns: 30)
        bigArena.arenaBytes = 1 << 40
        let rows = Comparison.change(
            old: [makeRow(layout: "legacy64", workload: "w", variant: "order=0", ns: 10)],
            new: [makeRow(layout: "legacy64", workload: "w", variant: "order=1", ns: 20), bigArena,
                  makeRow(layout: "legacy64", workload: "w", variant: "order=0", ns: 10)],
            oldSamples: [], newSamples: [])
        #expect(rows.map(\.note) == ["no samples in either run", "only in new run", "only in new run"])
        #expect(rows.map(\.arenaBytes) == [64 << 20, 64 << 20, 1 << 40])
        #expect(rows[1].ratio == nil && rows[1].oldNsPerOp == nil && rows[1].newNsPerOp == 20)
    }

    @Test func csvCarriesTheIntervalAndTheTest() {
        let rows = Comparison.change(old: old + [makeRow(layout: "chead16", ns: 5)], new: new,
                                     oldSamples: oldSamples, newSamples: newSamples)
        let lines = ResultFormat.csv.render(rows).split(separator: "\n")
        #expect(lines[0] == "layout,workload,variant,arena_bytes,old_ns_per_op,new_ns_per_op,ratio,ratio_low,ratio_high,"
            + "p_value,changed,note")
        #expect(lines[1].hasPrefix("legacy64,alloc_free,order=0;batch=16,67108864,10.000,12.000,1.200,1.1"))
        #expect(lines[1].hasSuffix(",0.0079,true,"))
        #expect(lines[3] == "chead16,alloc_free,order=0;batch=16,67108864,5.000,,,,,,,only in old run")
    }
}
