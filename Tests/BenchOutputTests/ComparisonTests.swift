import Testing
@testable import BenchOutput

@Suite("Comparison.sideBySide")
struct SideBySideTests {
    /// order=0 has every reference; order=3 has no jemalloc and no floor for chead16;
    /// the empty-variant workload has only a floor row for twoword16.
    let run = [
        makeRow(layout: "legacy64", workload: "alloc", variant: "order=0", median: 20),
        makeRow(layout: "twoword16", workload: "alloc", variant: "order=0", median: 15),
        makeRow(layout: "jemalloc", workload: "alloc", variant: "order=0", median: 30),
        makeRow(layout: "floor", workload: "alloc", variant: "order=0;layout=legacy64", median: 10),
        makeRow(layout: "floor", workload: "alloc", variant: "order=0;layout=twoword16", median: 5),
        makeRow(layout: "legacy64", workload: "alloc", variant: "order=3", median: 40),
        makeRow(layout: "chead16", workload: "alloc", variant: "order=3", median: 50),
        makeRow(layout: "twoword16", workload: "scan", variant: "", median: 8),
        makeRow(layout: "floor", workload: "scan", variant: "layout=twoword16", median: 2),
        // Same variant as above but another workload: must not be used as a reference.
        makeRow(layout: "floor", workload: "other", variant: "order=3;layout=chead16", median: 1),
    ]

    @Test func ratiosAgainstEachReference() throws {
        let rows = Comparison.sideBySide(run)
        #expect(rows.map(\.layout) == ["legacy64", "twoword16", "legacy64", "chead16", "twoword16"])

        #expect(rows[0] == ComparisonRow(workload: "alloc", variant: "order=0", layout: "legacy64",
                                         nsPerOpMedian: 20, vsLegacy64: 1, vsJemalloc: 20.0 / 30, vsFloor: 2))
        #expect(rows[1] == ComparisonRow(workload: "alloc", variant: "order=0", layout: "twoword16",
                                         nsPerOpMedian: 15, vsLegacy64: 0.75, vsJemalloc: 0.5, vsFloor: 3))
    }

    @Test func missingReferencesAreNil() {
        let rows = Comparison.sideBySide(run)
        #expect(rows[3] == ComparisonRow(workload: "alloc", variant: "order=3", layout: "chead16",
                                         nsPerOpMedian: 50, vsLegacy64: 1.25, vsJemalloc: nil, vsFloor: nil))
        // Empty variant: floor variant is just `layout=<name>`; no legacy64 or jemalloc at all.
        #expect(rows[4] == ComparisonRow(workload: "scan", variant: "", layout: "twoword16",
                                         nsPerOpMedian: 8, vsLegacy64: nil, vsJemalloc: nil, vsFloor: 4))
    }

    @Test func floorMatchIgnoresParameterOrder() {
        let rows = Comparison.sideBySide([
            makeRow(layout: "chead16", workload: "w", variant: "order=1;batch=16", median: 9),
            makeRow(layout: "floor", workload: "w", variant: "layout=chead16;batch=16;order=1", median: 3),
            makeRow(layout: "floor", workload: "w", variant: "order=1;batch=16;layout=legacy64", median: 100),
        ])
        #expect(rows.count == 1)
        #expect(rows[0].vsFloor == 3)
    }

    @Test func referenceOnlyRunGivesNoRows() {
        #expect(Comparison.sideBySide([makeRow(layout: "jemalloc"), makeRow(layout: "floor")]).isEmpty)
    }

    @Test func csvHasEmptyCellsForMissingReferences() {
        let csv = ResultFormat.csv.render(Comparison.sideBySide(run))
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "workload,variant,layout,ns_per_op_median,vs_legacy64,vs_jemalloc,vs_floor")
        #expect(lines[1] == "alloc,order=0,legacy64,20.000,1.000,0.667,2.000")
        #expect(lines[4] == "alloc,order=3,chead16,50.000,1.250,,")
        #expect(lines[5] == "scan,,twoword16,8.000,,,4.000")
    }
}

@Suite("Comparison.change")
struct ChangeTests {
    @Test func significantOnlyBeyondTheSpread() {
        let old = [
            makeRow(layout: "legacy64", variant: "a", median: 10, min: 9, max: 11),   // spread 2
            makeRow(layout: "twoword16", variant: "a", median: 10, min: 9, max: 11),  // spread 2
            makeRow(layout: "chead16", variant: "a", median: 10, min: 9.5, max: 10.5),  // spread 1
            makeRow(layout: "jemalloc", variant: "a", median: 10, min: 10, max: 10),
        ]
        let new = [
            makeRow(layout: "legacy64", variant: "a", median: 11.5, min: 11, max: 12),  // +1.5 < 2
            makeRow(layout: "twoword16", variant: "a", median: 7, min: 6.9, max: 7.1),  // -3 > 2
            makeRow(layout: "chead16", variant: "a", median: 12, min: 9, max: 15),      // +2 < new spread 6
            makeRow(layout: "jemalloc", variant: "a", median: 10, min: 10, max: 10),    // 0, spread 0
        ]
        let rows = Comparison.change(old: old, new: new)
        #expect(rows.map(\.significant) == [false, true, false, false])
        #expect(rows.map(\.ratio) == [1.15, 0.7, 1.2, 1])
        #expect(rows[1] == ChangeRow(layout: "twoword16", workload: "alloc_free", variant: "a",
                                     oldNsPerOp: 10, newNsPerOp: 7, ratio: 0.7, significant: true, note: ""))
    }

    @Test func exactlyTheSpreadIsNotSignificant() {
        let rows = Comparison.change(old: [makeRow(median: 10, min: 9, max: 11)],
                                     new: [makeRow(median: 12, min: 11, max: 13)])
        #expect(rows.first?.significant == false)
    }

    @Test func joinUsesLayoutWorkloadAndVariant() {
        let old = [makeRow(layout: "legacy64", workload: "w", variant: "order=0", median: 10)]
        let new = [
            makeRow(layout: "legacy64", workload: "w", variant: "order=1", median: 20),
            makeRow(layout: "legacy64", workload: "w", variant: "order=0", median: 10),
        ]
        let rows = Comparison.change(old: old, new: new)
        #expect(rows == [
            ChangeRow(layout: "legacy64", workload: "w", variant: "order=0", oldNsPerOp: 10, newNsPerOp: 10,
                      ratio: 1, significant: false),
            ChangeRow(layout: "legacy64", workload: "w", variant: "order=1", oldNsPerOp: nil, newNsPerOp: 20,
                      ratio: nil, significant: nil, note: "only in new run"),
        ])
    }

    @Test func rowsInOnlyOneRunRenderWithEmptyCells() {
        let rows = Comparison.change(old: [makeRow(layout: "chead16", median: 5)], new: [makeRow(layout: "twoword16", median: 6)])
        #expect(ResultFormat.csv.render(rows) == """
            layout,workload,variant,old_ns_per_op,new_ns_per_op,ratio,significant,note
            chead16,alloc_free,order=0;batch=16,5.000,,,,only in old run
            twoword16,alloc_free,order=0;batch=16,,6.000,,,only in new run

            """)
    }

    @Test func csvOfASignificantChange() {
        let rows = Comparison.change(old: [makeRow(median: 10, min: 10, max: 10)], new: [makeRow(median: 8, min: 8, max: 8)])
        #expect(ResultFormat.csv.render(rows).split(separator: "\n").last == "legacy64,alloc_free,order=0;batch=16,10.000,8.000,0.800,true,")
    }
}
