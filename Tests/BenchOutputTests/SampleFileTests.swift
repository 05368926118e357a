import Foundation
import Testing
@testable import BenchOutput

@Suite("Samples file")
struct SampleFileTests {
    let rows = [
        SampleRow(layout: "legacy64", workload: "lookup-random", variant: "order=0;batch=16", arenaBytes: 1 << 30,
                  round: 1, nsPerOp: 17.3125, opsPerRep: 4096, repNsPerOp: [17.25, 17.3125, 0.1 + 0.2],
                  cpu: 5, memmapHugeShare: 0.75, descriptorHugeShare: 1, warmupMilliseconds: 3.25,
                  hostComputeNanoseconds: 1.9375, hostChaseNanoseconds: 131.5, note: "first, \"round\""),
        SampleRow(layout: "twoword16", workload: "lookup-random", variant: "", arenaBytes: 1 << 30,
                  round: 2, nsPerOp: 31, opsPerRep: 4096, repNsPerOp: [], cpu: -1, memmapHugeShare: nil, note: ""),
    ]

    @Test func pathBesideTheResults() {
        #expect(SampleRow.samplesPath(forResults: "results/run.csv") == "results/run.samples.csv")
        #expect(SampleRow.samplesPath(forResults: "out") == "out.samples.csv")
        #expect(SampleRow.samplesPath(forResults: "run.csv.bak") == "run.csv.bak.samples.csv")
    }

    @Test func headerAndLineAreExact() {
        #expect(SampleRow.csvHeader
            == "layout,workload,variant,arena_bytes,round,ns_per_op,ops_per_rep,rep_ns_per_op,cpu,memmap_huge_share,descriptor_huge_share,warmup_ms,host_compute_ns,host_chase_ns,note\n")
        #expect(rows[0].csvLine == "legacy64,lookup-random,order=0;batch=16,1073741824,1,17.3125,4096,"
            + "17.25 17.3125 0.30000000000000004,5,0.75,1,3.250,1.9375,131.500,\"first, \"\"round\"\"\"\n")
        #expect(rows[1].csvLine == "twoword16,lookup-random,,1073741824,2,31,4096,,-1,,,,,,\n")
    }

    @Test func writerAndReaderRoundTripEveryLine() throws {
        let dir = try makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = SampleRow.samplesPath(forResults: dir + "/run.csv")
        let writer = try CSVSampleWriter(path: path)
        for (i, row) in rows.enumerated() {
            try writer.append(row)
            #expect(try CSVSampleReader.read(path: path) == Array(rows.prefix(i + 1)))  // nothing buffered
        }
        writer.close()
        #expect(try CSVSampleReader.read(path: path) == rows)
    }

    @Test func readerIsStrict() {
        let header = SampleRow.csvHeader
        #expect(errorMessage { _ = try CSVSampleReader.parse(ResultRow.csvHeader, source: "s.csv") }
            == "s.csv:1: header does not match: column 5 is \"rounds\", expected \"round\"")
        let badReps = rows[0].csvLine.replacingOccurrences(of: "17.25 17.3125", with: "17.25  17.3125")
        #expect(errorMessage { _ = try CSVSampleReader.parse(header + badReps, source: "s.csv") }
            == "s.csv:2: column rep_ns_per_op: expected numbers separated by spaces, found \"\"")
        let badShare = rows[1].csvLine.replacingOccurrences(of: ",-1,,", with: ",-1,most,")
        #expect(errorMessage { _ = try CSVSampleReader.parse(header + badShare, source: "s.csv") }
            == "s.csv:2: column memmap_huge_share: expected a number, found \"most\"")
        #expect(errorMessage { _ = try CSVSampleReader.parse(header + "a,b\n", source: "s.csv") }
            == "s.csv:2: missing columns: expected 15 fields, found 2")
        #expect(errorMessage { _ = try CSVSampleReader.read(path: "/nonexistent/run.samples.csv") }
            == "cannot read samples from \"/nonexistent/run.samples.csv\": no such file")
    }

    /// A samples file from before the descriptor pageblocks, the warm-up or the host probe reads with those
    /// columns empty; any other missing column is still refused.
    @Test func olderFilesLackOnlyTheAddedColumn() throws {
        let old = "layout,workload,variant,arena_bytes,round,ns_per_op,ops_per_rep,rep_ns_per_op,cpu,memmap_huge_share,note\n"
            + "legacy64,lookup-random,,1073741824,2,31,4096,30 31,0,0.5,apart\n"
        let rows = try CSVSampleReader.parse(old, source: "old.csv")
        #expect(rows.count == 1 && rows[0].memmapHugeShare == 0.5 && rows[0].descriptorHugeShare == nil && rows[0].note == "apart")
        // A row of the new width under the old header would shift by a column: refused.
        let shifted = old + "legacy64,lookup-random,,1073741824,3,31,4096,30 31,0,0.5,1,apart\n"
        #expect(errorMessage { _ = try CSVSampleReader.parse(shifted, source: "old.csv") }
            == "old.csv:3: extra columns: expected 11 fields, found 12")
        let noCPU = old.replacingOccurrences(of: "cpu,", with: "").replacingOccurrences(of: "30 31,0,", with: "30 31,")
        #expect(errorMessage { _ = try CSVSampleReader.parse(noCPU, source: "old.csv") }
            == "old.csv:1: header does not match: column 9 is \"memmap_huge_share\", expected \"cpu\"")
        let noWarmup = "layout,workload,variant,arena_bytes,round,ns_per_op,ops_per_rep,rep_ns_per_op,cpu,memmap_huge_share,descriptor_huge_share,note\n"
            + "legacy64,lookup-random,,1073741824,2,31,4096,30 31,0,0.5,1,apart\n"
        let read = try CSVSampleReader.parse(noWarmup, source: "old.csv")
        #expect(read.count == 1 && read[0].descriptorHugeShare == 1 && read[0].warmupMilliseconds == nil && read[0].note == "apart")
        let noProbe = "layout,workload,variant,arena_bytes,round,ns_per_op,ops_per_rep,rep_ns_per_op,cpu,memmap_huge_share,descriptor_huge_share,warmup_ms,note\n"
            + "legacy64,lookup-random,,1073741824,2,31,4096,30 31,0,0.5,1,3.250,apart\n"
        let probeless = try CSVSampleReader.parse(noProbe, source: "old.csv")
        #expect(probeless.count == 1 && probeless[0].warmupMilliseconds == 3.25 && probeless[0].hostComputeNanoseconds == nil
            && probeless[0].hostChaseNanoseconds == nil && probeless[0].note == "apart")
    }

    @Test func unwritablePathNamesTheSamples() {
        #expect(errorMessage { _ = try CSVSampleWriter(path: "/proc/nonexistent/x.samples.csv") }
            == "cannot write samples to \"/proc/nonexistent/x.samples.csv\": No such file or directory")
    }
}
