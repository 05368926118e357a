import Foundation
import Testing
@testable import BenchOutput

@Suite("RunMetadata")
struct RunMetadataTests {
    @Test func parsesProcFiles() {
        let cpuinfo = """
            processor\t: 0
            vendor_id\t: GenuineIntel
            model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz
            flags\t\t: fpu vme

            processor\t: 1
            model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz

            """
        #expect(MachineFacts.cpuModel(cpuinfo: cpuinfo) == "Intel(R) Xeon(R) CPU @ 2.20GHz")
        #expect(MachineFacts.processorCount(cpuinfo: cpuinfo) == 2)
        #expect(MachineFacts.memTotalBytes(meminfo: "MemTotal:       16318192 kB\nMemFree: 1 kB\n") == 16_318_192 * 1024)
        #expect(MachineFacts.transparentHugepage(enabled: "always [madvise] never\n") == "madvise")
        #expect(MachineFacts.transparentHugepage(enabled: "") == nil)
        #expect(MachineFacts.cpuModel(cpuinfo: "") == nil)
    }

    /// Free page reporting is on only for a bound balloon offering feature bit 5
    /// (`VIRTIO_BALLOON_F_REPORTING`); this session's guest printed the first device's line.
    @Test func freePageReportingReadsTheBalloonsFeatureBit() {
        let balloon = (device: "0x0005", driver: Optional("virtio_balloon"),
                       features: "0110010100000000000000000000000010000000000000000000000000000000\n")
        let block = (device: "0x0002", driver: Optional("virtio_blk"), features: "0010011001100100000000000000000010000000")
        #expect(MachineFacts.freePageReporting(devices: [block, balloon], order: "9\n") == "on, order 9")
        #expect(MachineFacts.freePageReporting(devices: [balloon], order: nil) == "on")
        var without = balloon
        without.features = "0110000100000000000000000000000010000000"
        #expect(MachineFacts.freePageReporting(devices: [block, without], order: "9") == "off")
        var unbound = balloon
        unbound.driver = nil
        #expect(MachineFacts.freePageReporting(devices: [unbound], order: "9") == "off")
        var notABalloon = balloon
        notABalloon.device = "0x0002"
        #expect(MachineFacts.freePageReporting(devices: [notABalloon], order: "9") == "off")
        #expect(MachineFacts.freePageReporting(devices: [], order: nil) == "off")
    }

    @Test func commandLineLosesAbsolutePaths() {
        let argv = ["/home/alice/src/bench/.build/release/benchmarks", "--output", "/home/alice/results/run1.csv",
                    "--meta=/home/alice/x.json", "--size", "64MiB", "results/rel.csv"]
        #expect(RunMetadata.sanitized(commandLine: argv) ==
            ["benchmarks", "--output", "run1.csv", "--meta=x.json", "--size", "64MiB", "results/rel.csv"])
    }

    /// `run --trace` lists its traces in one setting; sanitized as one argument, the list
    /// became its last trace alone.
    @Test func aSettingListingPathsKeepsEachOnesName() {
        let meta = RunMetadata.collect(commandLine: ["benchmarks"], seed: 1, settings: [
            "traces": "/tmp/x/a.trace (800000 events) /tmp/y/b.trace (525052 events)", "layouts": "legacy64 chead16"])
        #expect(meta.settings["traces"] == "a.trace (800000 events) b.trace (525052 events)")
        #expect(meta.settings["layouts"] == "legacy64 chead16")
    }

    @Test func startTimeIsUTCISO8601() {
        #expect(RunMetadata.iso8601(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
    }

    @Test func collectsAndWritesPrettyJSONWithoutHostName() throws {
        let meta = RunMetadata.collect(
            commandLine: ["/abs/path/benchmarks", "--seed", "42"], seed: 42,
            settings: ["arena": "64MiB", "out": "/home/alice/r.csv"],
            startTime: Date(timeIntervalSince1970: 1_700_000_000))
        #expect(meta.seed == 42)
        #expect(meta.commandLine == ["benchmarks", "--seed", "42"])
        #expect(meta.settings == ["arena": "64MiB", "out": "r.csv"])
        #expect(meta.startTime == "2023-11-14T22:13:20Z")
        #expect(meta.cpuCount > 0)
        #expect(!meta.kernel.isEmpty && meta.kernel != "unknown")  // uname() works on Linux

        let dir = try makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/results.csv.meta.json"
        try meta.write(to: path)
        let text = try #require(fileText(path))
        #expect(text.contains("\n  \"seed\" : 42"))
        // Optional facts are present even when unknown.
        #expect(text.contains("\"gitDirty\" : "))
        #expect(text.contains("\"memTotalBytes\" : "))
        #expect(try RunMetadata.read(path: path) == meta)

        let host = ProcessInfo.processInfo.hostName
        if !host.isEmpty && host != "localhost" {
            #expect(!text.contains(host))
        }
        #expect(!text.contains(dir))
    }

    @Test func unknownFactsAreWrittenAsNull() throws {
        let meta = RunMetadata(cpuModel: "x", cpuCount: 1, memTotalBytes: nil, kernel: "k", transparentHugepage: "never",
                               swiftVersion: "unknown", gitRevision: "unknown", gitDirty: nil, commandLine: [],
                               seed: 1, startTime: "t", settings: [:])
        let dir = try makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try meta.write(to: dir + "/m.json")
        let text = try #require(fileText(dir + "/m.json"))
        #expect(text.contains("\"gitDirty\" : null"))
        #expect(text.contains("\"memTotalBytes\" : null"))
        #expect(try RunMetadata.read(path: dir + "/m.json") == meta)
    }

    @Test func writeToUnwritablePathFailsWithOneLine() {
        let meta = RunMetadata(cpuModel: "x", cpuCount: 1, memTotalBytes: nil, kernel: "k", transparentHugepage: "never",
                               swiftVersion: "unknown", gitRevision: "unknown", gitDirty: nil, commandLine: [],
                               seed: 1, startTime: "t", settings: [:])
        #expect(throws: BenchOutputError("cannot write run metadata to \"/proc/nonexistent/m.json\": No such file or directory")) {
            try meta.write(to: "/proc/nonexistent/m.json")
        }
    }

    @Test func aFinishedRunRecordsItsWallTimeAndPeakMemory() throws {
        let meta = RunMetadata(cpuModel: "x", cpuCount: 1, memTotalBytes: nil, kernel: "k", transparentHugepage: "never",
                               swiftVersion: "unknown", gitRevision: "unknown", gitDirty: nil, commandLine: [],
                               seed: 1, startTime: "t", settings: [:])
        #expect(meta.wallSeconds == nil && meta.peakResidentBytes == nil)
        let finished = meta.finished(wallSeconds: 421.9)
        #expect(finished.wallSeconds == 421.9)
        // This test process has touched at least a MiB.
        #expect((finished.peakResidentBytes ?? 0) > 1 << 20)
        let dir = try makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try finished.write(to: dir + "/m.json")
        #expect(try RunMetadata.read(path: dir + "/m.json") == finished)
    }

    @Test func aSidecarFromBeforeTheNewFactsStillReads() throws {
        let dir = try makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try PosixFile.writeWholeFile(dir + "/old.json", """
            {"commandLine": ["run"], "cpuCount": 2, "cpuModel": "AMD EPYC", "gitDirty": false, "gitRevision": "ba4e660",
             "kernel": "6.18", "memTotalBytes": 1, "seed": 1, "settings": {}, "startTime": "t",
             "swiftVersion": "6.3.1", "transparentHugepage": "madvise"}
            """)
        let old = try RunMetadata.read(path: dir + "/old.json")
        #expect(old.gitRevision == "ba4e660")
        #expect(old.wallSeconds == nil && old.peakResidentBytes == nil && old.lastLevelCacheBytes == nil)
        #expect(old.freePageReporting == nil)
    }

    /// A checkout whose code is committed is clean wherever in it the run starts; a changed
    /// source file makes it dirty, from results/ as well. Before the pathspecs were taken from
    /// the top, a run started in results/ read its own results as a dirty tree.
    @Test(.enabled(if: MachineFacts.run(["git", "--version"]) != nil))
    func gitDirtyReadsTheWholeCheckoutFromAnyFolder() throws {
        let dir = try makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func git(_ arguments: String...) throws {
            let args = ["git", "-C", dir, "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"] + arguments
            _ = try #require(MachineFacts.run(args), "\(arguments)")
        }
        try FileManager.default.createDirectory(atPath: dir + "/results", withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: dir + "/Sources", withIntermediateDirectories: false)
        try PosixFile.writeWholeFile(dir + "/results/run.csv", "a\n")
        try PosixFile.writeWholeFile(dir + "/Sources/code.swift", "a\n")
        try git("init", "-q")
        try git("add", ".")
        try git("commit", "-q", "-m", "start")

        try PosixFile.writeWholeFile(dir + "/results/run.csv", "b\n")
        #expect(MachineFacts.gitRevision(in: dir)?.dirty == false)
        #expect(MachineFacts.gitRevision(in: dir + "/results")?.dirty == false)
        #expect(MachineFacts.gitRevision(in: dir + "/Sources")?.dirty == false)

        try PosixFile.writeWholeFile(dir + "/Sources/code.swift", "b\n")
        #expect(MachineFacts.gitRevision(in: dir)?.dirty == true)
        #expect(MachineFacts.gitRevision(in: dir + "/results")?.dirty == true)
    }

    @Test func cacheSizesReadAsSysfsWritesThem() {
        #expect(MachineFacts.cacheSize("266240K\n") == 266_240 * 1024)
        #expect(MachineFacts.cacheSize("32M") == 32 << 20)
        #expect(MachineFacts.cacheSize("512") == 512)
        #expect(MachineFacts.cacheSize("big") == nil)
    }
}
