import Foundation
import Testing
@testable import BenchOutput

/// The TLB probe's curves read as entries and reach, and the arena charts mark the reach
/// (issue "findings a kernel developer can act on": "the arena sweep with the LLC and TLB
/// reach marked").
@Suite("TLB reach")
struct TLBReachTests {
    /// The probe's page counts, a quarter octave apart from `first` to 8192, without repeats
    /// (the spread curve starts at 1: 1, 2, 3, 4, 5, 6, 7, 8, 10, ...).
    static func pages(from first: Int = 8) -> [Int] {
        var counts: [Int] = []
        var exponent = log2(Double(first))
        while exponent <= 13 {
            let n = Int(pow(2, exponent).rounded())
            if counts.last != n { counts.append(n) }
            exponent += 0.25
        }
        return counts
    }
    static let pages = pages()

    /// A two-level TLB: hits at 1.7 ns up to `first` translations, 4 ns up to `second`, then
    /// 20 ns; `spike` pages read 1.6 times their level, as a wandering point does.
    static func curve(first: Int, second: Int, perPage: Int = 1, spike: Int? = nil,
                      from start: Int = 8) -> [TLBReach.Point] {
        pages(from: start).map { n in
            let translations = n * perPage
            var ns = translations <= first ? 1.7 : translations <= second ? 4.0 : 20.0
            if n == spike { ns *= 1.6 }
            return TLBReach.Point(pages: n, ns: ns)
        }
    }

    @Test func theRisesGiveEachLevelsEntries() {
        // 96 and 1536 entries: the last counts that fit are 91 and 1448.
        #expect(TLBReach.levels(Self.curve(first: 96, second: 1536)) == [91, 1448])
        #expect(TLBReach.levels(Self.pages.map { TLBReach.Point(pages: $0, ns: 2) }).isEmpty)
    }

    /// Without the octave rule, the spike at 609 pages would be read as the STLB's end
    /// (measured on this machine: one probe in four gave 512 or 362 entries instead of 1448).
    @Test func aSinglePassSlowedByAnInterruptIsNotALevel() {
        #expect(TLBReach.levels(Self.curve(first: 96, second: 1536, spike: 609)) == [91, 1448])
    }

    @Test func loadsSpreadOverEachPageTellWhetherAnEntryCoversTwoMiB() {
        let one = Self.curve(first: 96, second: 1536)
        // Each 4 KiB piece takes an entry: eight loads per page fill the TLB at an eighth of the pages.
        let split = TLBReach(onePerPage: one, spread: Self.curve(first: 96, second: 1536, perPage: 8, from: 1))
        #expect(TLBReach.levels(split.spread) == [11, 181])
        #expect(split.translationBytes == 4 << 10)
        #expect(split.reachBytes() == 1448 * 4096)
        // One entry per 2 MiB page: the other loads of a page hit the first's entry.
        let whole = TLBReach(onePerPage: one, spread: one)
        #expect(whole.translationBytes == 2 << 20)
        #expect(whole.reachBytes() == 1448 << 21)
        // A memmap on 4 KiB pages reaches no further than entries x 4 KiB.
        #expect(whole.reachBytes(pageBytes: 4096) == 1448 * 4096)
        // Half-way (two entries per page) says neither, and no marker is drawn.
        #expect(TLBReach(onePerPage: one, spread: Self.curve(first: 96, second: 1536, perPage: 3)).reachBytes() == nil)
        #expect(TLBReach(onePerPage: one, spread: Self.pages.map { .init(pages: $0, ns: 2) }).reachBytes() == nil)
    }

    /// A curve that shows only one of the two levels is not compared with one that shows both:
    /// its one level could be either, and the share would be off by up to 512 times.
    @Test func curvesWithDifferentLevelsSayNothing() {
        let one = Self.curve(first: 96, second: 1536)
        // The spread curve's first level lies below its first points: only the STLB shows.
        let spread = Self.curve(first: 4, second: 1536, perPage: 8)
        #expect(TLBReach.levels(spread).count == 1)
        let reach = TLBReach(onePerPage: one, spread: spread)
        #expect(reach.spreadShare == nil && reach.translationBytes == nil && reach.reachBytes() == nil)
    }

    /// A rise in the curve's last octave cannot be seen to hold: it is not read as a level.
    @Test func aRiseInTheLastOctaveIsNotALevel() {
        let curve = Self.pages.map { n in TLBReach.Point(pages: n, ns: n <= 64 ? 1.7 : n < 8192 ? 4 : 9) }
        #expect(TLBReach.levels(curve) == [64])
    }

    /// The sweep chart draws a dash-dot marker where each layout's memmap outgrows the reach
    /// (arena = reach x 4096 / bytes per page), and says what the markers are.
    @Test func theArenaChartMarksWhereEachMemmapOutgrowsTheReach() throws {
        let reach = TLBReach(onePerPage: Self.curve(first: 96, second: 1536),
                             spread: Self.curve(first: 96, second: 1536, perPage: 8))
        var metadata = RunMetadata(cpuModel: "x", cpuCount: 2, memTotalBytes: nil, kernel: "k", transparentHugepage: "madvise",
                                   swiftVersion: "s", gitRevision: "r", gitDirty: false, commandLine: [], seed: 1,
                                   startTime: "t", settings: [:])
        metadata.tlbReach = reach
        let rows = [64 * MiB, 1 * GiB, 16 * GiB].flatMap { arena in
            [reportRow("legacy64", "lookup-random", arena: arena, ns: 40),
             reportRow("chead16", "lookup-random", arena: arena, ns: 40, metadata: 19.25)]
        }
        let marked = FindingsReport.render(runs: [ReportRun(name: "sweep.csv", rows: rows, metadata: metadata)], title: "t")
        let svg = try #require(marked.charts.first { $0.fileName.hasPrefix("lookup-vs-arena") }?.svg)
        let labels = SVGInspector(svg).elements.filter { $0.attributes["class"] == "marker" }.map(\.text)
        let reachText = "5.7 MiB"  // 1448 x 4 KiB
        #expect(labels.contains("64 B/page memmap = \(reachText) TLB reach"))
        #expect(labels.contains("16 B/page memmap = \(reachText) TLB reach"))
        #expect(svg.contains("dash-dot: memmap = TLB reach"))
        // The markers sit at reach x 64 and reach x 256 bytes of arena, both inside 64 MiB..16 GiB.
        #expect(ReportCharts.tlbMarkers(rows, reach: reach).map(\.x) == [Double(1448 * 4096 * 64), Double(1448 * 4096 * 256)])
        // With 2 MiB entries, HVO's 4 KiB-mapped memmap gets a marker of its own, 512 times nearer.
        let whole = TLBReach(onePerPage: Self.curve(first: 96, second: 1536), spread: Self.curve(first: 96, second: 1536))
        let hvo = rows + [reportRow("legacy64-hvo", "lookup-random", arena: 64 * MiB, ns: 40)]
        let hvoMarkers = ReportCharts.tlbMarkers(hvo, reach: whole)
        #expect(hvoMarkers.map(\.x).sorted() == [Double(1448 * 4096 * 64), Double(1448 << 21) * 64, Double(1448 << 21) * 256])
        #expect(hvoMarkers.contains { $0.label == "64 B/page memmap on 4 KiB pages = \(reachText) TLB reach" })
        #expect(marked.markdown.contains("each 4 KiB of a 2 MiB page takes an entry of its own"))

        // A run without a probe draws no TLB marker and says nothing of it.
        metadata.tlbReach = nil
        let plain = FindingsReport.render(runs: [ReportRun(name: "sweep.csv", rows: rows, metadata: metadata)], title: "t")
        let plainSVG = try #require(plain.charts.first { $0.fileName.hasPrefix("lookup-vs-arena") }?.svg)
        #expect(!plainSVG.contains("TLB reach"))
        #expect(!plain.markdown.contains("tlbReach"))
    }

    @Test func aSidecarKeepsTheCurves() throws {
        var metadata = RunMetadata(cpuModel: "x", cpuCount: 2, memTotalBytes: nil, kernel: "k", transparentHugepage: "madvise",
                                   swiftVersion: "s", gitRevision: "r", gitDirty: false, commandLine: [], seed: 1,
                                   startTime: "t", settings: [:])
        metadata.tlbReach = TLBReach(onePerPage: Self.curve(first: 96, second: 1536), spread: [])
        let dir = try makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try metadata.write(to: dir + "/m.json")
        #expect(try RunMetadata.read(path: dir + "/m.json").tlbReach == metadata.tlbReach)
    }
}
