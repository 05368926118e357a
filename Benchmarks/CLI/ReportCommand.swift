import ArgumentParser
import BenchOutput
import Foundation

/// `benchmarks report RESULTS.csv...`: the findings document, Markdown with SVG charts
/// drawn by the project, written into a folder.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a findings report (REPORT.md and SVG charts) from one or more results CSVs.")

    @Argument(help: "Results CSVs (rows of several runs, e.g. an arena sweep and the scenarios, are combined).")
    var files: [String]

    @Option(help: "Folder to write REPORT.md and the charts into.")
    var out: String = "results/report"

    @Option(help: "Title of the report.")
    var title: String = "struct page layouts: findings"

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("report needs at least one results CSV") }
    }

    func run() throws {
        var rows: [ResultRow] = []
        do { for f in files { rows += try CSVResultReader.read(path: f) } } catch { throw CommandError("\(error)") }
        let report = FindingsReport.render(rows: rows, title: title, sources: files.map { ($0 as NSString).lastPathComponent })
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            try report.markdown.write(toFile: out + "/REPORT.md", atomically: true, encoding: .utf8)
            for chart in report.charts {
                try chart.svg.write(toFile: out + "/" + chart.fileName, atomically: true, encoding: .utf8)
            }
        } catch {
            throw CommandError("cannot write the report into \"\(out)\"")
        }
        printError("wrote \(out)/REPORT.md and \(report.charts.count) charts from \(rows.count) rows")
    }
}
