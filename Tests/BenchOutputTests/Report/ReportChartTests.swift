import Foundation
import Testing
@testable import BenchOutput

@Suite("FindingsReport charts")
struct ReportChartTests {
    let report = FindingsReport.render(rows: scenarioRows, title: "t", sources: [])

    func chart(_ name: String) throws -> String {
        try #require(report.charts.first { $0.fileName == name }?.svg, "no chart \(name)")
    }

    func x(_ element: SVGInspector.Element) -> Double {
        Double(element.attributes["x"] ?? element.attributes["cx"] ?? "") ?? .nan
    }

    @Test func everyChartIsWellFormedSVG() throws {
        #expect(!report.charts.isEmpty)
        for chart in report.charts {
            let svg = SVGInspector(chart.svg)
            #expect(svg.parsed, "\(chart.fileName): \(svg.error ?? "")")
            #expect(svg.elements.first?.name == "svg")
            #expect(svg.elements.first?.attributes["xmlns"] == "http://www.w3.org/2000/svg")
            #expect(svg.elements.first?.attributes["viewBox"] != nil)
            // A drawn title, axis titles and tick labels.
            #expect(svg.elements.contains { $0.name == "text" && $0.attributes["class"] == "chart-title" })
            #expect(svg.elements.contains { $0.name == "text" && $0.attributes["class"] == "x-title" })
            #expect(svg.elements.contains { $0.name == "text" && $0.attributes["class"] == "y-title" })
            #expect(svg.elements.filter { $0.attributes["class"] == "y-tick" }.count >= 3)
        }
    }

    @Test func logScaleArenaAxisPlacesSmallSizesLeft() throws {
        let svg = SVGInspector(try chart("lookup-vs-arena.svg"))
        let ticks = svg.elements.filter { $0.attributes["class"] == "x-tick" }
        let small = try #require(ticks.first { $0.text == "64MiB" })
        let large = try #require(ticks.first { $0.text == "1TiB" })
        #expect(x(small) < x(large))
        // log2 spacing: 1 GiB (2^30) is 4/14 of the way from 64 MiB (2^26) to 1 TiB (2^40).
        let middle = try #require(ticks.first { $0.text == "1GiB" })
        #expect(abs((x(middle) - x(small)) / (x(large) - x(small)) - 4.0 / 14.0) < 0.01)
        #expect(ticks.map(\.text) == ["64MiB", "256MiB", "1GiB", "4GiB", "16GiB", "64GiB", "256GiB", "1TiB"])

        // The data points sit at their arena's tick.
        let point64 = try #require(svg.elements(named: "circle").first { circle in
            svg.elements.contains { $0.name == "title" && $0.text == "legacy64 at 64MiB: 17.3 ns" }
                && circle.attributes["cx"] == small.attributes["x"]
        })
        #expect(x(point64) == x(small))
    }

    @Test func oneColouredLinePerLayoutAndDashedFloorsInTheirLayoutsColour() throws {
        let svg = SVGInspector(try chart("lookup-vs-arena.svg"))
        let lines = svg.elements(named: "polyline")
        let solid = lines.filter { $0.attributes["stroke-dasharray"] == nil }
        let dashed = lines.filter { $0.attributes["stroke-dasharray"] != nil }
        // legacy64, twoword16, chead16, legacy64-hvo; jemalloc left out; floors of legacy64 and twoword16.
        #expect(solid.map { $0.attributes["stroke"] ?? "" } == Array(LayoutColors.palette.prefix(3)) + [LayoutColors.palette[3]])
        #expect(dashed.map { $0.attributes["stroke"] ?? "" } == [LayoutColors.palette[0], LayoutColors.palette[1]])
        let legend = svg.elements.filter { $0.attributes["class"] == "legend" }.map(\.text)
        #expect(legend == ["legacy64", "twoword16", "chead16", "legacy64-hvo", "floor (legacy64)", "floor (twoword16)"])
        #expect(!svg.elements.contains { $0.text.contains("jemalloc") })
    }

    @Test func singleArenaScanFallsBackToBars() throws {
        let rows = [
            reportRow("legacy64", "lookup-scan", ns: 0.232),
            reportRow("floor", "lookup-scan", "layout=legacy64", ns: 0.124),
            reportRow("twoword16", "lookup-scan", ns: 0.158, metadata: 19.46),
            reportRow("interim32", "lookup-scan", ns: 0.19, metadata: 32),
        ]
        let report = FindingsReport.render(rows: rows, title: "t", sources: [])
        let text = try #require(report.charts.first { $0.fileName == "scan-vs-arena.svg" }?.svg)
        let svg = SVGInspector(text)
        #expect(svg.parsed)
        #expect(svg.elements(named: "polyline").isEmpty)
        // Three layout bars and one paler floor bar.
        let dataBars = svg.elements(named: "rect").filter { $0.attributes["class"] == "bar" }
        #expect(dataBars.count == 4)
        #expect(dataBars.filter { $0.attributes["fill-opacity"] != nil }.count == 1)
        #expect(svg.elements.contains { $0.name == "title" && $0.text == "legacy64, floor (legacy64): 0.124" })
        #expect(report.markdown.contains("At 4GiB: legacy64 0.232 [0.227, 0.237] ns per pfn; twoword16 is 0.68x legacy64 "
                                         + "(0.158 vs 0.232 ns per pfn; bare estimate, no rounds in common); interim32 is "
                                         + "0.82x legacy64 (0.190 vs 0.232 ns per pfn; bare estimate, no rounds in common). "
                                         + "Against the floor (the same loads in plain C): legacy64 1.87x (bare estimate)."))
        #expect(report.markdown.contains("](scan-vs-arena.svg)"))
    }

    @Test func metadataChartHasTheStructPageReferenceLine() throws {
        let rows = [
            reportRow("legacy64", "lookup-random", "state=half-full", ns: 20),
            reportRow("twoword16", "lookup-random", "state=half-full", ns: 20, metadata: 19.25),
            reportRow("legacy64", "lookup-random", "state=full-order0", ns: 20),
            reportRow("twoword16", "lookup-random", "state=full-order0", ns: 20, metadata: 104.21),
            // cachegrind measures no metadata: no bar, no group.
            reportRow("twoword16", "cachegrind-lookup-random", "state=cachegrind", ns: 1, metadata: 0,
                      counters: counters(["d1_misses_per_op": 1])),
        ]
        let report = FindingsReport.render(rows: rows, title: "t", sources: [])
        let svg = SVGInspector(try #require(report.charts.first { $0.fileName == "metadata-per-page.svg" }?.svg))
        let label = try #require(svg.elements.first { $0.attributes["class"] == "reference-label" })
        #expect(label.text == "struct page today")
        // The dashed reference line is at the height of 64 bytes: the legacy64 bars' tops.
        let line = try #require(svg.elements(named: "line").first { $0.attributes["stroke-dasharray"] == "8 4" })
        let legacyBar = try #require(svg.elements(named: "rect").first {
            $0.attributes["fill"] == LayoutColors.palette[0] && $0.attributes["class"] == "bar"
        })
        #expect(line.attributes["y1"] == legacyBar.attributes["y"])
        // One group per machine state with a metadata figure; a bar per layout in each.
        let groups = svg.elements.filter { $0.attributes["class"] == "x-tick" }.map(\.text)
        #expect(groups == ["half-full", "full-order0"])
        #expect(svg.elements(named: "rect").filter { $0.attributes["class"] == "bar" }.count == 4)
    }

    @Test func missesChartHasD1AndLLBarsPerLayout() throws {
        let svg = SVGInspector(try chart("misses-per-op.svg"))
        let groups = svg.elements.filter { $0.attributes["class"] == "x-tick" }.map(\.text)
        #expect(groups == ["legacy64", "twoword16"])
        let titles = svg.elements(named: "title").map(\.text)
        #expect(titles.contains("twoword16, D1 misses/op: 1.20"))
        #expect(titles.contains("twoword16, LL misses/op: 0.300"))
        #expect(titles.contains("legacy64, LL misses/op: 0.200"))
    }

    @Test func noMissesChartWithoutCachegrindRows() {
        let report = FindingsReport.render(rows: lookupRows, title: "t", sources: [])
        #expect(!report.charts.contains { $0.fileName == "misses-per-op.svg" })
    }

    @Test func namesWithMarkupStayWellFormed() {
        let rows = [
            reportRow("legacy64", "lookup-random", arena: 64 * MiB, ns: 1),
            reportRow("a<b&\"c\"", "lookup-random", arena: 64 * MiB, ns: 2),
            reportRow("legacy64", "lookup-random", arena: 128 * MiB, ns: 3),
            reportRow("a<b&\"c\"", "lookup-random", arena: 128 * MiB, ns: 4),
        ]
        let report = FindingsReport.render(rows: rows, title: "t", sources: [])
        #expect(report.charts.count == 2)
        for chart in report.charts {
            let svg = SVGInspector(chart.svg)
            #expect(svg.parsed, "\(chart.fileName): \(svg.error ?? "")")
            #expect(svg.elements.contains { $0.name == "text" && $0.text == "a<b&\"c\"" })
        }
    }
}

@Suite("Chart primitives")
struct ChartPrimitiveTests {
    @Test func log2TicksCoverTheRangeOnPowersOfTwo() {
        #expect(ChartScale.log2Ticks(lo: Double(64 * MiB), hi: Double(TiB), maxCount: 8)
            == stride(from: 26, through: 40, by: 2).map { pow(2, Double($0)) })
        // Not powers of two: widened outwards.
        #expect(ChartScale.log2Ticks(lo: 3, hi: 5, maxCount: 8) == [2, 4, 8])
        // A single value still gives an axis.
        #expect(ChartScale.log2Ticks(lo: 8, hi: 8, maxCount: 8) == [4, 8, 16])
    }

    @Test func linearTicksAreRound() {
        #expect(ChartScale.linearTicks(lo: 0, hi: 97, maxCount: 6) == [0, 20, 40, 60, 80, 100])
        #expect(ChartScale.linearTicks(lo: 0, hi: 0.232, maxCount: 6) == [0, 0.05, 0.1, 0.15, 0.2, 0.25])
        #expect(ChartScale.linearTicks(lo: 0, hi: 0, maxCount: 6).count >= 2)
        #expect(ChartScale.tickLabel(0.15, ticks: [0, 0.05, 0.1, 0.15]) == "0.15")
        #expect(ChartScale.tickLabel(20, ticks: [0, 20, 40]) == "20")
    }

    @Test func log2ScaleMapsLogarithmically() {
        let scale = ChartScale(kind: .log2, covering: [4, 64], range: (0, 100))
        #expect(scale.position(4) == 0)
        #expect(scale.position(64) == 100)
        #expect(scale.position(16) == 50)
        #expect(scale.position(0) == 0)  // Not on a log axis: clamped, not NaN.
    }

    @Test func reportNumbers() {
        #expect(ReportNumber.ns(882.623) == "882.6")
        #expect(ReportNumber.ns(31.24) == "31.2")
        #expect(ReportNumber.ns(5.909) == "5.91")
        #expect(ReportNumber.ns(0.2321) == "0.232")
        #expect(ReportNumber.ns(0.01234) == "0.0123")
        #expect(ReportNumber.ratio(31.2 / 17.3) == "1.80x")
        #expect(ReportNumber.percent(fraction: 0.0052) == "0.52%")
        let resolved = Interval(estimate: 1.8, low: 1.71, high: 1.9, n: 6)
        #expect(Phrase.versus(resolved, "legacy64", values: (31.2, 17.3)) == "1.80x [1.71, 1.90] legacy64 (31.2 vs 17.3 ns)")
        let unresolved = Interval(estimate: 1.02, low: 0.97, high: 1.07, n: 6)
        #expect(Phrase.versus(unresolved, "legacy64", values: (31.2, 30.6))
                == "indistinguishable from legacy64 in this run (no difference resolved: 1.02x [0.97, 1.07]; 31.2 vs 30.6 ns)")
        #expect(Phrase.ratio(unresolved) == "no difference resolved (1.02x [0.97, 1.07])")
        #expect(Phrase.ratio(resolved) == "1.80x [1.71, 1.90]")
        #expect(Phrase.ratio(.point(1.8)) == "1.80x (bare estimate)")
        #expect(Phrase.versus(.point(1.8), "legacy64") == "1.80x legacy64, bare estimate, no rounds in common")
        #expect(Phrase.countVersus(31.2, 0, "legacy64", unit: "per op") == nil)
        #expect(Phrase.versus(nil, "legacy64") == nil)
    }

    @Test func paletteInFirstSeenOrder() {
        let colors = LayoutColors(layouts: ["twoword16", "legacy64", "twoword16", "final8"])
        #expect(colors.color("twoword16") == LayoutColors.palette[0])
        #expect(colors.color("legacy64") == LayoutColors.palette[1])
        #expect(colors.color("final8") == LayoutColors.palette[2])
        #expect(colors.color("unknown") == "#7f7f7f")
    }
}
