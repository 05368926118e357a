import ArgumentParser
import BenchOutput
import Foundation
import PageBench

/// `benchmarks cachegrind`: cache lines touched per operation, from valgrind's cache simulator
/// with the reference machine's sizes (`simulatedCaches`: D1 32 KiB 8-way, LL 16 MiB 16-way), since
/// `perf stat` has no hardware events here. Each (layout, workload, variant) runs twice under
/// cachegrind, with and without the operations; the difference per operation is reported, for
/// each layout and, where the workload has one, its floor.
struct Cachegrind: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "D1 and last-level misses per operation, per layout (and its floor, where the workload has one), under valgrind's cachegrind.")

    /// The caches simulated: the D1 and the 16 MiB L3 of the AMD EPYC guest the project's
    /// reference results ran on, whatever machine runs the simulation.
    static let simulatedLastLevelCacheBytes = 16 << 20
    static let simulatedCaches = ["--D1=32768,8,64", "--LL=\(simulatedLastLevelCacheBytes),16,64"]

    @Option(parsing: .upToNextOption, help: "Layouts (default: all).")
    var layouts: [LayoutID] = LayoutID.allCases

    @Option(parsing: .upToNextOption, help: "Workloads (default: lookup-random and lookup-scan; with --trace, trace alone).")
    var workloads: [WorkloadID] = []

    @Option(parsing: .upToNextOption, help: "Variants, as `list` names them (default: every variant of each workload).")
    var variants: [String] = []

    @Option(parsing: .upToNextOption, help: "Traces for the trace workload, as `run --trace` takes them.")
    var trace: [String] = []

    /// The workloads to count: as given, else the lookups, or `trace` alone with --trace (as `run`).
    var selectedWorkloads: [WorkloadID] {
        !workloads.isEmpty ? workloads : trace.isEmpty ? [.lookupRandom, .lookupScan] : [.trace]
    }

    @Option(help: "Simulated physical memory (default 256MiB: cachegrind runs ~50x slower).")
    var arena: String = "256MiB"

    @Option(help: "Operations per run, rounded down to whole batches and at least 4 batches (a scan's batch is a whole walk).")
    var lookups: Int = 409_600

    @Option(help: "Seed.")
    var seed: UInt64 = 1

    @Option(help: "CSV to write.")
    var out: String = "results/cachegrind.csv"

    func validate() throws {
        if selectedWorkloads.contains(.trace) && trace.isEmpty {
            throw ValidationError("the trace workload replays a recording: give it with --trace FILE (see `benchmarks record`)")
        }
        guard lookups >= 4096 else { throw ValidationError("--lookups must be at least 4096") }
        _ = try Run.arenaBytes(arena)
    }

    func run() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/valgrind") else {
            throw CommandError("valgrind is not installed (scripts/bench installs it)")
        }
        let bytes = try Run.arenaBytes(arena)
        let pages = bytes >> PageGeometry.pageShift
        let traces = selectedWorkloads.contains(.trace) ? try Run.replayTraces(trace) : []
        let known = Set(selectedWorkloads.flatMap { $0.variants(quick: false, traces: traces).map(\.name) })
        if let unknown = variants.first(where: { !known.contains($0) }) {
            throw CommandError("no workload of \(selectedWorkloads.map(\.rawValue).joined(separator: ", ")) has a variant \"\(unknown)\" (see `benchmarks list`)")
        }
        let metaPath = out + ".meta.json"
        do {
            try CSVResultWriter.checkWritable(path: out)
            try CSVResultWriter.checkWritable(path: metaPath)
        } catch { throw CommandError("\(error)") }
        let started = Date()
        var metadata = RunMetadata.collect(seed: seed, settings: [
            "arena": arena, "lookups": "\(lookups)", "layouts": layouts.map(\.rawValue).joined(separator: " "),
            "workloads": selectedWorkloads.map(\.rawValue).joined(separator: " "),
            "variants": variants.joined(separator: " "), "traces": trace.joined(separator: " "),
            "cachegrind": Self.simulatedCaches.joined(separator: " ")])
        // The cache the counts describe is the simulated one, not this machine's.
        metadata.lastLevelCacheBytes = Self.simulatedLastLevelCacheBytes
        try metadata.write(to: metaPath)
        let executable = try strippedCopy()
        defer { try? FileManager.default.removeItem(atPath: executable) }
        let writer = try CSVResultWriter(path: out)
        defer { writer.close() }
        var rows: [ResultRow] = []
        for workload in selectedWorkloads {
            for variant in workload.variants(quick: false, traces: traces).map(\.name) where variants.isEmpty || variants.contains(variant) {
                try simulate(executable, workload, variant, traces: traces, pages: pages, bytes: bytes) {
                    try writer.append($0)
                    rows.append($0)
                }
            }
        }
        try metadata.finished(wallSeconds: Date().timeIntervalSince(started)).write(to: metaPath)
        print(ResultFormat.csv.render(rows), terminator: "")
    }

    /// Every layout and its floor, where the variant has one, on one variant: each run twice,
    /// with and without the operations; `row` gets a row of counts per operation for each.
    func simulate(_ executable: String, _ workload: WorkloadID, _ variant: String, traces: [ReplayTrace], pages: Int, bytes: Int,
                  row: (ResultRow) throws -> Void) throws {
        let (batch, hasFloor) = try CacheSimulation.probe(layout: layouts[0], workload: workload, variant: variant,
                                                          traces: traces, pageCount: pages, seed: seed)
        // Four whole batches at least (a scan's batch is the whole walk), else `--lookups`.
        let operations = max(4 * batch, lookups / batch * batch)
        for id in layouts {
            for floor in hasFloor ? [false, true] : [false] {
                let what = [workload.rawValue, variant, id.rawValue, floor ? "floor" : ""].filter { !$0.isEmpty }
                printError("cachegrind " + what.joined(separator: " "))
                let with = try simulate(executable, id, workload, variant, floor, pages: pages, operations: operations)
                let without = try simulate(executable, id, workload, variant, floor, pages: pages, operations: 0)
                let per = { (a: Int, b: Int) in Double(a - b) / Double(operations) }
                let counters = [BenchOutput.Counter("d1_misses_per_op", per(with.d1, without.d1)),
                                BenchOutput.Counter("ll_misses_per_op", per(with.ll, without.ll)),
                                BenchOutput.Counter("instructions_per_op", per(with.instructions, without.instructions)),
                                BenchOutput.Counter("d_refs_per_op", per(with.refs, without.refs))]
                // Counts, not times: the timing columns stay 0. A floor row's variant names
                // the layout it mirrors, as in `run`.
                let floorVariant = (variant.isEmpty ? "" : variant + ";") + "layout=\(id.rawValue)"
                try row(ResultRow(layout: floor ? "floor" : id.rawValue, workload: "cachegrind-\(workload.rawValue)",
                                  variant: floor ? floorVariant : variant, arenaBytes: bytes, rounds: 1,
                                  opsPerRep: operations, reps: 1, nsPerOp: 0, ciLow: 0, ciHigh: 0,
                                  nsPerOpMedian: 0, nsPerOpMin: 0, nsPerOpMax: 0,
                                  metadataBytesPerPage: 0, batchP50Ns: 0, batchP99Ns: 0, opsPerBatch: operations,
                                  checksum: 0, counters: counters, note: "valgrind cachegrind, D1 32 KiB 8-way, LL 16 MiB 16-way"))
            }
        }
    }

    struct Counts { var instructions = 0, refs = 0, d1 = 0, ll = 0 }

    /// One child run under cachegrind; the counts of its summary line.
    func simulate(_ executable: String, _ id: LayoutID, _ workload: WorkloadID, _ variant: String, _ floor: Bool,
                  pages: Int, operations: Int) throws -> Counts {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("cachegrind-\(ProcessInfo.processInfo.processIdentifier).out").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/valgrind")
        process.arguments = ["--tool=cachegrind", "--cache-sim=yes"] + Self.simulatedCaches + [
                             "--cachegrind-out-file=\(output)", executable,
                             "cachegrind-child", "--layout", id.rawValue, "--workload", workload.rawValue,
                             "--variant", variant,
                             "--pages", "\(pages)", "--operations", "\(operations)", "--seed", "\(seed)"]
            + (floor ? ["--floor"] : []) + (trace.isEmpty ? [] : ["--trace"] + trace)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let text = try? String(contentsOfFile: output, encoding: .utf8) else {
            throw CommandError("cachegrind run of \(id.rawValue) \(workload.rawValue) \(variant) failed")
        }
        // "events: Ir I1mr ILmr Dr D1mr DLmr Dw D1mw DLmw" and "summary: ..." in that order.
        let lines = text.split(separator: "\n")
        guard let events = lines.first(where: { $0.hasPrefix("events:") })?.split(separator: " ").dropFirst().map(String.init),
              let summary = lines.first(where: { $0.hasPrefix("summary:") })?.split(separator: " ").dropFirst().compactMap({ Int($0) }),
              events.count == summary.count else {
            throw CommandError("cannot read cachegrind's summary")
        }
        let value = { (name: String) in events.firstIndex(of: name).map { summary[$0] } ?? 0 }
        return Counts(instructions: value("Ir"), refs: value("Dr") + value("Dw"),
                      d1: value("D1mr") + value("D1mw"), ll: value("DLmr") + value("DLmw"))
    }
}

extension Cachegrind {
    /// valgrind 3.19 cannot read the DWARF of today's Swift toolchain: it runs a copy of this
    /// executable with the debug sections stripped.
    func strippedCopy() throws -> String {
        let copy = FileManager.default.temporaryDirectory
            .appendingPathComponent("benchmarks-cachegrind-\(ProcessInfo.processInfo.processIdentifier)").path
        try? FileManager.default.removeItem(atPath: copy)
        do {
            try FileManager.default.copyItem(atPath: "/proc/self/exe".resolvedExecutable, toPath: copy)
        } catch {
            throw CommandError("cannot copy the executable for valgrind")
        }
        let strip = Process()
        strip.executableURL = URL(fileURLWithPath: "/usr/bin/strip")
        strip.arguments = ["--strip-debug", copy]
        try strip.run()
        strip.waitUntilExit()
        guard strip.terminationStatus == 0 else { throw CommandError("strip --strip-debug failed") }
        return copy
    }
}

/// The child `cachegrind` runs: one untimed run. Not for direct use.
struct CachegrindChild: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cachegrind-child", shouldDisplay: false)

    @Option var layout: LayoutID
    @Option var workload: WorkloadID
    @Option var variant: String = ""
    @Option var pages: Int
    @Option var operations: Int
    @Option var seed: UInt64
    @Flag var floor = false
    @Option(parsing: .upToNextOption) var trace: [String] = []

    func run() throws {
        let traces = workload == .trace ? try Run.replayTraces(trace) : []
        guard workload.variants(quick: false, traces: traces).contains(where: { $0.name == variant }) else {
            throw CommandError("\(workload.rawValue) has no variant \"\(variant)\"")
        }
        let sum = try CacheSimulation.run(layout: layout, workload: workload, variant: variant, traces: traces, floor: floor,
                                          pageCount: pages, operations: operations, seed: seed)
        print(sum)
    }
}

extension String {
    /// The target of a symbolic link such as /proc/self/exe.
    var resolvedExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: self)) ?? CommandLine.arguments[0]
    }
}
