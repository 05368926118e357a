import ArgumentParser
import BenchOutput
import Foundation

/// `benchmarks report RESULTS.csv...`: the findings document, Markdown with SVG charts
/// drawn by the project, written into a folder.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a findings report (REPORT.md and SVG charts) from one or more results CSVs.")

    @Argument(help: "Results CSVs, in order of precedence (rows of several runs, e.g. an arena sweep and the scenarios, are combined; where two runs measured the same rows, the first is used). Each CSV's samples file and sidecar are read from beside it.")
    var files: [String]

    @Option(help: "Folder to write REPORT.md and the charts into.")
    var out: String = "results/report"

    @Option(help: "Title of the report.")
    var title: String = "struct page layouts: findings"

    @Option(help: "Last-level cache size of the machine the runs came from (e.g. 16MiB), for sidecars that do not record it: the arena charts mark where each memmap outgrows it.")
    var llc: String?

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("report needs at least one results CSV") }
    }

    func run() throws {
        var runs: [ReportRun] = []
        do {
            for file in files {
                let samplesPath = SampleRow.samplesPath(forResults: file), metaPath = file + ".meta.json"
                let manager = FileManager.default
                runs.append(ReportRun(
                    name: (file as NSString).lastPathComponent,
                    rows: try CSVResultReader.read(path: file),
                    samples: manager.fileExists(atPath: samplesPath) ? try CSVSampleReader.read(path: samplesPath) : [],
                    metadata: manager.fileExists(atPath: metaPath) ? try RunMetadata.read(path: metaPath) : nil))
            }
        } catch {
            throw CommandError("\(error)")
        }
        let rows = runs.flatMap(\.rows)
        var llcBytes: Int? = nil
        if let llc {
            do { llcBytes = try ByteSize.parse(llc) } catch { throw ValidationError("--llc \(llc): \(error)") }
        }
        let report = FindingsReport.render(runs: runs, title: title, assumedLastLevelCacheBytes: llcBytes)
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
