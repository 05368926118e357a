import ArgumentParser
import BenchOutput

/// `benchmarks compare`: one CSV side by side as ratios to legacy64, jemalloc and the
/// floor; two CSVs as the change per row, flagging changes beyond the runs' own spread.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare results: one CSV as ratios to legacy64/jemalloc/floor, two CSVs as old -> new.")

    @Argument(help: "One results CSV, or two (old then new).")
    var files: [String]

    @Option(help: "Output format: table, csv, json, markdown.")
    var format: ResultFormat = .table

    func validate() throws {
        guard (1...2).contains(files.count) else { throw ValidationError("compare takes one or two CSV files, not \(files.count)") }
    }

    func run() throws {
        let runs: [[ResultRow]]
        do { runs = try files.map { try CSVResultReader.read(path: $0) } } catch { throw CommandError("\(error)") }
        if runs.count == 1 {
            print(format.render(Comparison.sideBySide(runs[0])), terminator: "")
        } else {
            print(format.render(Comparison.change(old: runs[0], new: runs[1])), terminator: "")
        }
    }
}
