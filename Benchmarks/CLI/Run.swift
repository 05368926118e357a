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

    @Option(parsing: .upToNextOption, help: "Workloads to run (default: all; see `benchmarks list`).")
    var workloads: [WorkloadID] = WorkloadID.allCases

    @Option(parsing: .upToNextOption,
            help: "Simulated physical memory, e.g. 64MiB, 4GiB, 1TiB (default 4GiB; 1GiB with --quick); several sizes sweep the matrix over each.")
    var arena: [String] = []

    @Option(help: "Timed repetitions per row and round (at least 5 are recommended; medians are reported).")
    var reps: Int = 5

    @Option(help: "Fresh machines per layout, in alternating order; their repetitions are pooled (default 3; 1 with --quick).")
    var rounds: Int?

    @Option(help: "Seed of every random sequence.")
    var seed: UInt64 = 1

    @Flag(help: "A short run: 1 GiB arena, short repetitions.")
    var quick = false

    @Option(help: "CSV to write (default: results/run-<UTC time>.csv); a .meta.json sidecar goes beside it.")
    var out: String?

    @Option(help: "Format of the summary on stdout: table, csv, json, markdown.")
    var format: ResultFormat = .table

    @Flag(help: "Check the machine's invariants after each set-up and run (not timed).")
    var verify = false

    @Flag(help: "Skip the jemalloc and floor reference rows.")
    var noReferences = false

    @Flag(help: "Do not madvise(MADV_HUGEPAGE) the memmap.")
    var noHugeMemmap = false

    func validate() throws {
        guard reps >= 1 && reps <= 1000 else { throw ValidationError("--reps must be between 1 and 1000, not \(reps)") }
        if let rounds, !(1...100).contains(rounds) { throw ValidationError("--rounds must be between 1 and 100, not \(rounds)") }
        _ = try arenaSizes()
    }

    func arenaSizes() throws -> [Int] {
        try (arena.isEmpty ? [quick ? "1GiB" : "4GiB"] : arena).map(Self.arenaBytes)
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
        let path = out ?? "results/run-\(Self.timestamp()).csv"
        let metaPath = path + ".meta.json"
        let folder = (path as NSString).deletingLastPathComponent
        do {
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        } catch {
            throw CommandError("cannot create the folder \"\(folder)\" for the results")
        }
        do {
            try CSVResultWriter.checkWritable(path: path)
            try CSVResultWriter.checkWritable(path: metaPath)
        } catch {
            throw CommandError("\(error)")
        }

        let plan = quick ? TimingPlan(rounds: rounds ?? 1, reps: reps, warmupReps: 1, targetRepNanoseconds: 2_000_000)
                         : TimingPlan(rounds: rounds ?? 3, reps: reps, warmupReps: 1, targetRepNanoseconds: 30_000_000)
        let settings = ["arena": sizes.map(ByteSize.format).joined(separator: " "), "reps": "\(reps)", "rounds": "\(plan.rounds)", "quick": "\(quick)",
                        "huge_page_memmap": "\(!noHugeMemmap)", "verify": "\(verify)",
                        "layouts": layouts.map(\.rawValue).joined(separator: " "),
                        "workloads": workloads.map(\.rawValue).joined(separator: " ")]
        try RunMetadata.collect(seed: seed, settings: settings).write(to: metaPath)

        let writer = try CSVResultWriter(path: path)
        var rows: [ResultRow] = []
        let started = Date()
        do {
            for bytes in sizes {
                let configuration = BenchmarkConfiguration(
                    layouts: layouts, workloads: workloads, arenaBytes: bytes, plan: plan, seed: seed,
                    quick: quick, hugePageMemmap: !noHugeMemmap, verify: verify, references: !noReferences)
                let prefix = sizes.count > 1 ? "\(ByteSize.format(bytes)) " : ""
                try BenchmarkRunner(configuration).run(progress: { printError("[\(Self.elapsed(since: started))] \(prefix)\($0)") }) { result in
                    let row = ResultRow(result, reps: plan.reps)
                    try writer.append(row)
                    rows.append(row)
                }
            }
        } catch {
            writer.close()
            throw CommandError("\(error) (the \(rows.count) rows finished are in \(path))")
        }
        writer.close()
        print(format.render(Self.grouped(rows)), terminator: "")
        let checksum = rows.reduce(UInt64(0)) { $0 &+ $1.checksum }
        printError("wrote \(rows.count) rows to \(path) in \(Self.elapsed(since: started)); checksum 0x\(String(checksum, radix: 16))")
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
    init(_ r: BenchmarkResult, reps: Int) {
        let m = r.measurement
        self.init(layout: r.layout, workload: r.workload.rawValue, variant: r.variant,
                  arenaBytes: r.arenaBytes, opsPerRep: m.opsPerRep, reps: m.nsPerOp.count,
                  nsPerOpMedian: m.median, nsPerOpMin: m.min, nsPerOpMax: m.max,
                  metadataBytesPerPage: r.metadataBytesPerPage, batchP50Ns: m.batchP50,
                  batchP99Ns: m.batchP99, opsPerBatch: m.opsPerBatch, checksum: m.checksum, note: r.note)
    }
}
