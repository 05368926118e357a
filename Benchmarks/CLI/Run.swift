import ArgumentParser
import BenchOutput
import Foundation
import PageBench

/// `benchmarks run` (the default): the matrix of layouts x workloads, with the jemalloc and
/// floor references, written row by row to a CSV and its `.meta.json` sidecar.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the benchmark matrix (the default subcommand).")

    @Option(parsing: .upToNextOption, help: "Layouts to run (default: all).")
    var layouts: [LayoutID] = LayoutID.allCases

    @Option(parsing: .upToNextOption, help: "Workloads to run (default: all but trace; with --trace, trace alone; see `benchmarks list`).")
    var workloads: [WorkloadID] = []

    @Option(parsing: .upToNextOption,
            help: "Traces (`benchmarks record`) for the trace workload to replay, each on the machine of its own snapshot (--state does not apply to it).")
    var trace: [String] = []

    @Option(parsing: .upToNextOption,
            help: "Simulated physical memory, e.g. 64MiB, 4GiB, 1TiB (default 4GiB; 256MiB with --quick); several sizes sweep the matrix over each.")
    var arena: [String] = []

    @Option(parsing: .upToNextOption,
            help: "Machine states every workload runs in: half-full, full-order0, page-cache, replay:FILE (a `benchmarks snapshot`); several run each (default half-full).")
    var state: [String] = []

    @Option(help: "Timed repetitions per row and round; the mean of their faster half (two of 3) is the round's value (default 3; concurrent-tryget takes at least 5).")
    var reps: Int?

    @Option(help: "Rounds: fresh sets of machines, every layout timed side by side in each; intervals come from rounds (default 6; 3 with --quick; lookup-random, lookup-scan, alloc-free-mixed, kmalloc-kfree, concurrent-tryget, slab-folio, free-list, alloc-free order=9 and a trace's events=slab and events=pages take twice as many, its events=lookups four times).")
    var rounds: Int?

    @Option(help: "Milliseconds one repetition lasts (default 8; 1 with --quick).")
    var repMs: Double?

    @Option(help: "Seed of every random sequence.")
    var seed: UInt64 = 1

    @Flag(help: "A short run: 256 MiB arena, 3 rounds of 3 short repetitions, fewer variants of the allocation workloads (each also in the full matrix).")
    var quick = false

    @Option(help: "CSV to write (default: results/run-<UTC time>.csv); a .meta.json sidecar goes beside it.")
    var out: String?

    @Option(help: "Format of the summary on stdout: table, csv, json, markdown.")
    var format: ResultFormat = .table

    @Flag(help: "Check the machine's invariants after each set-up and run (not timed; concurrent-tryget also checks each held reference inside its timed loop, so its times with --verify are not for publication).")
    var verify = false

    @Flag(help: "Skip the jemalloc and floor reference rows.")
    var noReferences = false

    @Flag(help: "Do not madvise(MADV_HUGEPAGE) the memmap.")
    var noHugeMemmap = false

    @Flag(help: "Do not pin the measuring thread (by default it runs on CPU round mod CPUs).")
    var noPin = false

    @Flag(help: "Keep rounds during which the host probe found the core contended (by default such a round is run again, up to half the rounds more per variant and a tenth, rounded up, of the rounds planned so far in the run).")
    var keepContended = false

    @Flag(help: "Give the small layouts' descriptor caches pages from the per-CPU lists, mapped with 4 KiB pages, instead of pageblocks of their own mapped with huge pages as the kernel's direct map maps them.")
    var noHugeDescriptors = false

    @Flag(help: "madvise(MADV_HUGEPAGE) the simulated memory itself, as the kernel's direct map is mapped with 2 MiB or 1 GiB pages: links kept in free pages (-freemem) and kmalloc slabs then reach memory more as the kernel's do, where THP backs them. Every 2 MiB a machine writes is then backed whole: a machine is counted at its whole arena, and machines that do not fit in memory together are timed in groups (their rows say so).")
    var hugeArena = false

    @Flag(help: "Turn on check_pages_enabled in every machine: the page allocator's per-page checks (check_new_pages, free_page_is_bad), as init_on_alloc=1, debug_pagealloc=on or CONFIG_DEBUG_VM do. Off by default, as in the kernel.")
    var checkPages = false

    func validate() throws {
        if let reps, !(1...1000).contains(reps) { throw ValidationError("--reps must be between 1 and 1000, not \(reps)") }
        if let rounds, !(1...100).contains(rounds) { throw ValidationError("--rounds must be between 1 and 100, not \(rounds)") }
        if let repMs, !(repMs > 0 && repMs <= 10_000) { throw ValidationError("--rep-ms must be above 0 and at most 10000, not \(repMs)") }
        _ = try arenaSizes()
        if workloads.contains(.trace) && trace.isEmpty {
            throw ValidationError("the trace workload replays a recording: give it with --trace FILE (see `benchmarks record`)")
        }
    }

    /// The workloads to run: as given, else the synthetic ones, or `trace` alone with --trace.
    var selectedWorkloads: [WorkloadID] {
        !workloads.isEmpty ? workloads : trace.isEmpty ? WorkloadID.synthetic : [.trace]
    }

    /// The traces at `paths`, read and compiled (`run --trace`, `cachegrind --trace`).
    static func replayTraces(_ paths: [String]) throws -> [ReplayTrace] {
        var traces: [ReplayTrace] = []
        for path in paths {
            do throws(TraceError) { traces.append(try ReplayTrace(path: path)) } catch { throw CommandError("\(path): \(error)") }
        }
        guard Set(traces.map(\.name)).count == traces.count else { throw CommandError("two traces have the same name: \(paths.joined(separator: " "))") }
        return traces
    }

    func machineStates() throws -> [MachineState] {
        do throws(SnapshotError) {
            var states: [MachineState] = []
            for text in state.isEmpty ? [MachineState.default.description] : state { states.append(try MachineState(parsing: text)) }
            return states
        } catch {
            throw ValidationError(error.description)
        }
    }

    func arenaSizes() throws -> [Int] {
        try (arena.isEmpty ? [quick ? "256MiB" : "4GiB"] : arena).map(Self.arenaBytes)
    }

    static func arenaBytes(_ text: String) throws -> Int {
        let bytes: Int
        do { bytes = try ByteSize.parse(text) } catch { throw ValidationError(error.description) }
        let pages = bytes >> PageGeometry.pageShift
        guard bytes % PageGeometry.pageSize == 0 else { throw ValidationError("--arena \(text) is not a whole number of 4 KiB pages") }
        guard bytes >= 4 << 20 else { throw ValidationError("--arena \(text) is below one 4 MiB MAX_ORDER block") }
        guard pages < Int(UInt32.max) else { throw ValidationError("--arena \(text) is above 16 TiB, the limit of 32-bit pfn links") }
        return bytes
    }

    func run() throws {
        guard isOptimizedBuild else {
            throw CommandError("refusing to time a debug build: use `swift run -c release benchmarks` or scripts/bench")
        }
        let sizes = try arenaSizes()
        let states = try machineStates()
        let workloads = selectedWorkloads
        let traces = workloads.contains(.trace) ? try Self.replayTraces(trace) : []
        let path = out ?? "results/run-\(Self.timestamp()).csv"
        let metaPath = path + ".meta.json"
        let samplesPath = SampleRow.samplesPath(forResults: path)
        let folder = (path as NSString).deletingLastPathComponent
        do {
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        } catch {
            throw CommandError("cannot create the folder \"\(folder)\" for the results")
        }
        do {
            try CSVResultWriter.checkWritable(path: path)
            try CSVResultWriter.checkWritable(path: metaPath)
            try CSVResultWriter.checkWritable(path: samplesPath)
        } catch {
            throw CommandError("\(error)")
        }

        let plan = TimingPlan(rounds: rounds ?? (quick ? 3 : 6), reps: reps ?? 3,
                              targetRepNanoseconds: UInt64((repMs ?? (quick ? 1 : 8)) * 1_000_000))
        let settings = ["arena": sizes.map(ByteSize.format).joined(separator: " "), "reps": "\(plan.reps)", "rounds": "\(plan.rounds)",
                        "rep_ms": "\(Double(plan.targetRepNanoseconds) / 1e6)", "quick": "\(quick)", "pin": "\(!noPin)", "rerun_contended": "\(!keepContended)",
                        "round_value": RoundValue.current.rawValue,
                        "huge_page_memmap": "\(!noHugeMemmap)", "verify": "\(verify)", "check_pages": "\(checkPages)",
                        "huge_page_descriptors": "\(!noHugeDescriptors)", "huge_page_arena": "\(hugeArena)",
                        "states": states.map(\.description).joined(separator: " "),
                        "layouts": layouts.map(\.rawValue).joined(separator: " "),
                        "workloads": workloads.map(\.rawValue).joined(separator: " "),
                        "workload_plans": WorkloadID.plans(of: workloads, departingFrom: plan, quick: quick, states: states, traces: traces,
                                                               pageCounts: sizes.map { $0 >> PageGeometry.pageShift }),
                        "traces": zip(trace, traces).map { "\($0.0) (\($0.1.eventCount) events)" }.joined(separator: " ")]
        var metadata = RunMetadata.collect(seed: seed, settings: settings)
        if sizes.count > 1 && (workloads.contains(.lookupRandom) || workloads.contains(.lookupScan)) {
            // A sweep of the lookups: the report marks where each memmap outgrows the TLB's reach.
            do throws(TLBProbe.ProbeError) {
                let curves = try TLBProbe.measure(seed: seed, loadsPerPage: TLBReach.spreadLoadsPerPage)
                metadata.tlbReach = TLBReach(onePerPage: curves.onePerPage.map { .init(pages: $0.pages, ns: $0.ns) },
                                             spread: curves.spread.map { .init(pages: $0.pages, ns: $0.ns) })
                printError("TLB probe: \(metadata.tlbReach?.summary ?? "the curves do not say what one entry covers; reach not marked")")
            } catch {
                printError("TLB probe skipped: \(error); the charts will not mark the TLB's reach")
            }
        }
        try metadata.write(to: metaPath)

        let writer = try CSVResultWriter(path: path)
        let samplesWriter = try CSVSampleWriter(path: samplesPath)
        var rows: [ResultRow] = []
        let started = Date()
        do {
            for bytes in sizes {
                var configuration = BenchmarkConfiguration(
                    layouts: layouts, workloads: workloads, arenaBytes: bytes, states: states, plan: plan, seed: seed,
                    quick: quick, hugePageMemmap: !noHugeMemmap, verify: verify, references: !noReferences, pin: !noPin,
                    rerunContended: !keepContended, checkPages: checkPages, hugePageDescriptors: !noHugeDescriptors,
                    hugePageArena: hugeArena)
                configuration.traces = traces
                let prefix = sizes.count > 1 ? "\(ByteSize.format(bytes)) " : ""
                try BenchmarkRunner(configuration).run(progress: { printError("[\(Self.elapsed(since: started))] \(prefix)\($0)") }) { result in
                    let row = ResultRow(result)
                    for sample in SampleRow.rows(result) { try samplesWriter.append(sample) }
                    try writer.append(row)
                    rows.append(row)
                }
            }
        } catch {
            writer.close()
            samplesWriter.close()
            throw CommandError("\(error) (the \(rows.count) rows finished are in \(path))")
        }
        writer.close()
        samplesWriter.close()
        try metadata.finished(wallSeconds: Date().timeIntervalSince(started)).write(to: metaPath)
        print(format.render(Self.grouped(rows)), terminator: "")
        let checksum = rows.reduce(UInt64(0)) { $0 &+ $1.checksum }
        printError("wrote \(rows.count) rows to \(path) (per-round samples in \(samplesPath)) in \(Self.elapsed(since: started)); checksum 0x\(String(checksum, radix: 16))")
        printError("ns/op is the geometric mean of the rounds' values (each the mean of its faster half of repetitions), ± its 95 % interval over the row's rounds (its `rounds` column); `benchmarks compare \(path)` gives the paired ratios")
    }

    /// Rows of one workload and variant together (the CSV keeps the order they ran in).
    static func grouped(_ rows: [ResultRow]) -> [ResultRow] {
        func group(_ r: ResultRow) -> String {
            r.workload + "|" + r.variant.split(separator: ";").filter { !$0.hasPrefix("layout=") }.joined(separator: ";")
        }
        var order: [String: Int] = [:]
        for r in rows where order[group(r)] == nil { order[group(r)] = order.count }
        return rows.enumerated()
            .sorted { (order[group($0.element)]!, $0.offset) < (order[group($1.element)]!, $1.offset) }
            .map(\.element)
    }

    static func timestamp() -> String {
        let f = DateFormatter()
        f.dateFormat = "yyyyMMdd-HHmmss"
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date())
    }

    static func elapsed(since start: Date) -> String { String(format: "%.1fs", Date().timeIntervalSince(start)) }
}

extension ResultRow {
    /// The row's estimate and interval come from its rounds (one value each,
    /// `RoundValue.current`); with a single round, from that round's repetitions.
    init(_ r: BenchmarkResult) {
        let all = r.allRepetitions.sorted()
        let values = r.rounds.map { RoundValue.current.of($0.nsPerOp) }
        let interval = Statistics.rowInterval(roundValues: values, repetitions: all)
        let estimate = interval?.estimate ?? values[0]
        let opsPerRep = r.rounds.map(\.opsPerRep).sorted()[r.rounds.count / 2]
        self.init(layout: r.layout, workload: r.workload.rawValue, variant: r.variant, arenaBytes: r.arenaBytes,
                  rounds: r.rounds.count, opsPerRep: opsPerRep, reps: all.count,
                  nsPerOp: estimate, ciLow: interval?.low ?? estimate, ciHigh: interval?.high ?? estimate,
                  nsPerOpMedian: all[all.count / 2], nsPerOpMin: all.first!, nsPerOpMax: all.last!,
                  metadataBytesPerPage: r.metadataBytesPerPage, batchP50Ns: r.batchP50, batchP99Ns: r.batchP99,
                  opsPerBatch: r.opsPerBatch, checksum: r.checksum,
                  counters: r.counters.map { BenchOutput.Counter($0.name.key, $0.value) }, note: r.note)
    }
}

extension SampleRow {
    /// One line per round of the row.
    static func rows(_ r: BenchmarkResult) -> [SampleRow] {
        r.rounds.map { s in
            SampleRow(layout: r.layout, workload: r.workload.rawValue, variant: r.variant, arenaBytes: r.arenaBytes,
                      round: s.round, nsPerOp: RoundValue.current.of(s.nsPerOp), opsPerRep: s.opsPerRep, repNsPerOp: s.nsPerOp, cpu: s.cpu,
                      memmapHugeShare: s.memmapHugeShare, descriptorHugeShare: s.descriptorHugeShare,
                      warmupMilliseconds: s.warmupMilliseconds, hostComputeNanoseconds: s.hostComputeNanoseconds,
                      hostChaseNanoseconds: s.hostChaseNanoseconds, note: s.note)
        }
    }
}
