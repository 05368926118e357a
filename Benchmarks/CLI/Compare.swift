import ArgumentParser
import BenchOutput
import Foundation

/// `benchmarks compare`: one CSV side by side as ratios to legacy64, jemalloc and the
/// floor, with 95 % intervals from paired rounds; two CSVs as the change per row, with a
/// Welch interval and a Mann-Whitney test on the rounds. Each CSV's rounds are read from
/// its `.samples.csv` beside it; without one the numbers are bare estimates.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare results: one CSV as ratios to legacy64/jemalloc/floor, two CSVs as old -> new.",
        discussion: """
            Each RESULTS.csv is read with the RESULTS.samples.csv beside it (per-round values). \
            With one file, every ratio gets a 95 % interval from paired rounds; a * marks an interval \
            that excludes 1. With two, new/old gets a Welch interval and `changed` is a Mann-Whitney \
            test at p < 0.05 on the rounds (at least 2 rounds per side; 4 or more to be able to say \
            yes). A missing samples file is allowed: the numbers are then estimates without intervals \
            or tests, and stderr says so.
            """)

    @Argument(help: "One results CSV, or two (old then new).")
    var files: [String]

    @Option(help: "Output format: table, csv, json, markdown.")
    var format: ResultFormat = .table

    @Flag(help: "With one CSV: the kernel's path side by side (legacy64, interim32, the 16-byte layouts, memdesc8) per machine state: metadata B/page and ns added per operation against legacy64.")
    var path = false

    @Flag(help: "With one CSV: per workload, how many ratios to legacy64 resolve a difference and how wide their 95 % intervals are (median and widest), to judge whether the run needs more rounds.")
    var precision = false

    @Option(name: .customLong("within"),
            help: "With --precision: a half-width in percent (3 for ±3 %): per workload, the ratios within it and the rounds its most demanding ratio would take to get there, at this run's scatter.")
    var withinPercent: Double?

    func validate() throws {
        guard (1...2).contains(files.count) else { throw ValidationError("compare takes one or two CSV files, not \(files.count)") }
        guard !path || files.count == 1 else { throw ValidationError("--path takes one CSV file") }
        guard !precision || files.count == 1 else { throw ValidationError("--precision takes one CSV file") }
        guard !(path && precision) else { throw ValidationError("--path and --precision are two views: give one") }
        if let withinPercent {
            guard precision else { throw ValidationError("--within goes with --precision") }
            guard withinPercent > 0, withinPercent < 100 else {
                throw ValidationError("--within takes a half-width in percent, over 0 and under 100, not \(withinPercent)")
            }
        }
    }

    func run() throws {
        let consequence = files.count == 1 ? "its ratios have no intervals" : "its changes are not tested"
        var runs: [(rows: [ResultRow], samples: [SampleRow])] = []
        do {
            for file in files {
                runs.append((try CSVResultReader.read(path: file), try Self.samples(beside: file, consequence)))
            }
        } catch {
            throw CommandError("\(error)")
        }
        if runs.count == 1 {
            let comparison = Comparison.sideBySide(runs[0].rows, samples: runs[0].samples)
            let text = path ? format.renderPath(comparison, rows: runs[0].rows)
                : precision ? format.renderPrecision(comparison, within: withinPercent.map { $0 / 100 })
                : format.render(comparison)
            print(text, terminator: "")
        } else {
            let rules = try files.map(Self.roundValue(of:))
            let (old, new, note) = RunSamples.onOneRule(RunSamples(rows: runs[0].rows, samples: runs[0].samples, rule: rules[0]),
                                                        RunSamples(rows: runs[1].rows, samples: runs[1].samples, rule: rules[1]))
            if let note { printError("compare: \(note)") }
            print(format.render(Comparison.change(old: old.rows, new: new.rows, oldSamples: old.samples, newSamples: new.samples)),
                  terminator: "")
        }
    }

    /// The rule that made `results`' round values, from its sidecar; nil without one (the
    /// samples are then compared as written). A sidecar that cannot be read is an error.
    static func roundValue(of results: String) throws -> RoundValue? {
        let path = results + ".meta.json"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            let metadata = try RunMetadata.read(path: path)
            return try RoundValue(settings: metadata.settings, gitRevision: metadata.gitRevision)
        } catch {
            throw CommandError("\(path): \(error)")
        }
    }

    /// The rounds behind `results`; none, with one line on stderr, when its samples file is
    /// absent. An unreadable or malformed samples file is an error, not an absence.
    static func samples(beside results: String, _ consequence: String) throws -> [SampleRow] {
        let path = SampleRow.samplesPath(forResults: results)
        guard FileManager.default.fileExists(atPath: path) else {
            printError("compare: no samples file \"\(path)\" beside \"\(results)\": \(consequence)")
            return []
        }
        return try CSVSampleReader.read(path: path)
    }
}
