import Foundation
import Testing
@testable import BenchOutput

/// The report states a difference only when its interval, from paired rounds, excludes 0,
/// and draws values spanning decades on a log axis (issue "findings a kernel developer can
/// act on").
@Suite("Decision table and chart axes")
struct DecisionTableTests {
    static let variant = "state=half-full;mode=throughput"

    /// One run: legacy64 and two layouts, six rounds each. `same` moves round by round with
    /// legacy64 around the same mean (the paired difference's interval holds 0); `slower` is
    /// 10 ns slower in every round.
    static func run() -> ReportRun {
        let legacy = [20.0, 22, 19, 21, 20, 23]
        let same = [21.0, 21, 20, 20, 21, 22]
        let slower = legacy.map { $0 + 10 }
        func samples(_ layout: String, _ values: [Double]) -> [SampleRow] {
            values.enumerated().map { round, ns in
                SampleRow(layout: layout, workload: "lookup-random", variant: variant, arenaBytes: 4 << 30, round: round,
                          nsPerOp: ns, opsPerRep: 1000, repNsPerOp: [ns], cpu: 0, note: "")
            }
        }
        let rows = [reportRow("legacy64", "lookup-random", variant, ns: 20.8),
                    reportRow("chead16", "lookup-random", variant, ns: 20.8, metadata: 19.25),
                    reportRow("memdesc8", "lookup-random", variant, ns: 30.8, metadata: 11.25)]
        return ReportRun(name: "run.csv", rows: rows,
                         samples: samples("legacy64", legacy) + samples("chead16", same) + samples("memdesc8", slower))
    }

    /// The cells of the decision table's row for `layout`.
    func cells(_ markdown: String, _ layout: String) throws -> [String] {
        let line = try #require(markdown.split(separator: "\n").first { $0.hasPrefix("| \(layout) |") })
        return line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    @Test func aCellWhoseIntervalHoldsZeroSaysNoDifferenceResolved() throws {
        let markdown = FindingsReport.render(runs: [Self.run()], title: "t").markdown
        #expect(markdown.contains("## Decision table"))
        // layout, metadata, GiB per TiB, lookup throughput.
        let same = try cells(markdown, "chead16")
        #expect(same == ["chead16", "19.25", "4.81", "no difference resolved"])
        let slower = try cells(markdown, "memdesc8")
        #expect(slower[0...2] == ["memdesc8", "11.25", "2.81"])
        #expect(slower[3] == "+10.0 [+10.0, +10.0]")
        #expect(try cells(markdown, "legacy64")[3].hasSuffix(" ns"))
    }

    @Test func aBareEstimateIsNeverAResolvedDifference() {
        #expect(ReportNumber.added(.point(3)) == "+3.00 (no interval)")
        #expect(ReportNumber.added(Interval(estimate: 3, low: -1, high: 7, n: 6)) == ReportNumber.noDifference)
        #expect(ReportNumber.added(Interval(estimate: -3, low: -5, high: -1, n: 6)) == "-3.00 [-5.00, -1.00]")
    }

    @Test func sentencesSayNoDifferenceResolvedToo() throws {
        let markdown = FindingsReport.render(runs: [Self.run()], title: "t").markdown
        let section = try #require(markdown.components(separatedBy: "## Random lookups").last)
        #expect(section.contains("chead16 is indistinguishable from legacy64 in this run (no difference resolved: "))
        #expect(section.contains("memdesc8 is 1.") && !section.contains("memdesc8 is no difference"))
    }

    /// `y-title log-axis` marks a log10 value axis; the tick labels are then powers of ten.
    static func isLogAxis(_ svg: String) -> Bool {
        SVGInspector(svg).elements.contains { ($0.attributes["class"] ?? "").split(separator: " ").contains("log-axis") }
    }

    @Test func barsSpanningMoreThanTwoDecadesGetALogAxis() {
        func chart(_ values: [Double]) -> String {
            BarChart(title: "t", xTitle: "x", yTitle: "y",
                     groups: [.init(label: "g", bars: values.map { .init(value: $0, color: "#000", name: "b") })],
                     legend: []).svg()
        }
        #expect(Self.isLogAxis(chart([2e-5, 1.4])))
        #expect(Self.isLogAxis(chart([0.5, 50.1])))
        #expect(!Self.isLogAxis(chart([0.5, 50])))
        #expect(!Self.isLogAxis(chart([3, 40])))
        let ticks = SVGInspector(chart([2e-5, 1.4])).elements.filter { $0.attributes["class"] == "y-tick" }.map(\.text)
        #expect(ticks == ["1e-05", "0.0001", "0.001", "0.01", "0.1", "1", "10"])
    }

    @Test func linesSpanningMoreThanTwoDecadesGetALogAxis() {
        func chart(_ ys: [Double]) -> String {
            LineChart(title: "t", xTitle: "x", yTitle: "y", xScale: .log2,
                      series: [.init(name: "s", color: "#000", points: ys.enumerated().map { (Double(1 << $0.offset), $0.element) })])
                .svg()
        }
        #expect(Self.isLogAxis(chart([2.5, 40, 700])))
        #expect(!Self.isLogAxis(chart([0.1, 0.7, 1.5])))
    }

    @Test func theMissesChartOfTheReportIsLogarithmic() throws {
        let rows = [
            reportRow("legacy64", "cachegrind-lookup-random", ns: 1, metadata: 0,
                      counters: counters(["d1_misses_per_op": 1.4, "ll_misses_per_op": 2e-5])),
            reportRow("chead16", "cachegrind-lookup-random", ns: 1, metadata: 0,
                      counters: counters(["d1_misses_per_op": 1.1, "ll_misses_per_op": 0.02])),
        ]
        let report = FindingsReport.render(rows: rows, title: "t", sources: [])
        let svg = try #require(report.charts.first { $0.fileName == "misses-per-op.svg" }?.svg)
        #expect(Self.isLogAxis(svg))
        // Rows without metadata (cachegrind measures none) draw no metadata chart.
        #expect(!report.charts.contains { $0.fileName == "metadata-per-page.svg" })
    }

    @Test func aGroupTwoRunsMeasuredComesWhollyFromTheFirst() throws {
        var second = Self.run()
        second.name = "second.csv"
        // In the second run chead16 is 10 ns slower in every round.
        second.samples = second.samples.map { sample in
            var copy = sample
            if copy.layout == "chead16" { copy.nsPerOp += 10 }
            return copy
        }
        let first = FindingsReport.render(runs: [Self.run(), second], title: "t").markdown
        #expect(try cells(first, "chead16")[3] == ReportNumber.noDifference)
        #expect(first.contains("lookup, throughput: `run.csv`, 4GiB, 5 rounds"))
        let swapped = FindingsReport.render(runs: [second, Self.run()], title: "t").markdown
        #expect(try cells(swapped, "chead16")[3].hasPrefix("+10.0 ["))
    }

    @Test func aRunWithoutHugeDescriptorsKeepsItsOwnRows() throws {
        // The same command with --no-huge-descriptors: its rows name the switch, so they are
        // not shadowed by the default run's rows of the same layout, workload and arena.
        var fourK = Self.run()
        fourK.name = "tlb-4k.csv"
        fourK.metadata = RunMetadata(cpuModel: "x", cpuCount: 2, memTotalBytes: nil, kernel: "6.18", transparentHugepage: "madvise",
                                     swiftVersion: "6.3.1", gitRevision: "ba4e660", gitDirty: false, commandLine: [], seed: 1,
                                     startTime: "2026-12-02T19:17:56Z", settings: ["huge_page_descriptors": "false"])
        let tagged = ReportRun(name: fourK.name, rows: fourK.rows, samples: fourK.samples, metadata: fourK.metadata)
        #expect(tagged.rows.allSatisfy { $0.variant == Self.variant + ";descriptors=4k" })
        #expect(tagged.samples.allSatisfy { $0.variant == Self.variant + ";descriptors=4k" })
        let context = ReportContext(runs: [Self.run(), tagged])
        #expect(context.rows.count == 6)
        // Paired within the tagged run: memdesc8 is 10 ns slower than legacy64 there too.
        let memdesc8 = try #require(context.rows.last { $0.layout == "memdesc8" })
        let legacy64 = context.rows.last { $0.layout == "legacy64" }
        #expect(memdesc8.variant.hasSuffix("descriptors=4k") && legacy64?.variant == memdesc8.variant)
        let added = try #require(context.difference(memdesc8, legacy64))
        #expect(abs(added.estimate - 10) < 1e-9)
    }

    @Test func aTraceTableIsPerReplayedOperationAndSaysHowManyPerEvent() throws {
        // 800 events became 1200 operations: a cell is per operation, not per event.
        let variant = "state=replay:build;trace=build;events=all"
        let rows = [reportRow("legacy64", "trace", variant, ns: 60, counters: counters(["trace_events": 800, "replay_ops": 1200])),
                    reportRow("memdesc8", "trace", variant, ns: 66, metadata: 31.26)]
        let markdown = FindingsReport.render(runs: [ReportRun(name: "trace.csv", rows: rows)], title: "t").markdown
        #expect(markdown.contains("| layout | metadata B/page | GiB per TiB | all events, per op |"))
        #expect(markdown.contains("the 800 events became 1200 operations (1.50 per event"))
        #expect(!markdown.contains("| per event |"))
    }

    @Test func theRunsSectionListsEachRunsProvenance() throws {
        var run = Self.run()
        run.metadata = RunMetadata(cpuModel: "AMD EPYC", cpuCount: 2, memTotalBytes: nil, kernel: "6.18",
                                   transparentHugepage: "madvise", swiftVersion: "6.3.1", gitRevision: "ba4e660",
                                   gitDirty: false, commandLine: ["benchmarks", "run", "--out", "results/run.csv"],
                                   seed: 1, startTime: "2026-12-02T19:17:56Z", settings: [:])
        run.metadata?.wallSeconds = 421.9
        run.metadata?.peakResidentBytes = 300 << 20
        let bare = ReportRun(name: "cachegrind.csv", rows: [])
        let markdown = FindingsReport.render(runs: [run, bare], title: "t").markdown
        let section = try #require(markdown.components(separatedBy: "## Runs").last)
        #expect(section.contains("| run.csv | 3 | ba4e660 | AMD EPYC | 2026-12-02T19:17:56Z | 7 min 02 s | 300 MiB | "
                                 + "`benchmarks run --out results/run.csv` |"))
        #expect(section.contains("| cachegrind.csv | 0 | no sidecar |"))
    }

    @Test func rowsOfTwoRunsAreNeverPaired() throws {
        // legacy64 only in the first run, chead16 only in the second: nothing to compare.
        var first = Self.run(), second = Self.run()
        first.rows.removeAll { $0.layout != "legacy64" }
        second.name = "second.csv"
        second.rows.removeAll { $0.layout != "chead16" }
        let markdown = FindingsReport.render(runs: [first, second], title: "t").markdown
        #expect(try cells(markdown, "chead16")[3] == "—")
        let section = try #require(markdown.components(separatedBy: "## Random lookups").last)
        #expect(!section.contains("chead16 is "))
    }

    @Test func theGenericSectionPairsOnlyWithinARun() throws {
        // alloc-free has no section of its own: legacy64 in one run, twoword16 in another,
        // both with samples of rounds 0-5.
        func run(_ name: String, _ layout: String, _ values: [Double]) -> ReportRun {
            ReportRun(name: name, rows: [reportRow(layout, "alloc-free", "order=0", ns: values.reduce(0, +) / 6)],
                      samples: values.enumerated().map { round, ns in
                          SampleRow(layout: layout, workload: "alloc-free", variant: "order=0", arenaBytes: 4 << 30,
                                    round: round, nsPerOp: ns, opsPerRep: 1000, repNsPerOp: [ns], cpu: 0)
                      })
        }
        let markdown = FindingsReport.render(runs: [run("a.csv", "legacy64", [20, 21, 20, 22, 21, 20]),
                                                    run("b.csv", "twoword16", [40, 41, 40, 42, 41, 40])], title: "t").markdown
        let section = try #require(markdown.components(separatedBy: "## `alloc-free`").last)
        #expect(!section.contains("twoword16 against legacy64"))
        #expect(!section.contains("2.000"))
    }
}
