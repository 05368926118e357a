/// One `##` section of the findings document and the charts it links to.
struct ReportSection {
    var heading: String
    /// Markdown blocks (paragraphs, lists, tables, images), separated by blank lines.
    var blocks: [String]
    var charts: [ReportCharts.Chart] = []

    var markdown: String {
        "## \(heading)\n\n" + blocks.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" }.joined(separator: "\n")
    }

    /// The Markdown image for `chart`, by its relative file name.
    static func image(_ chart: ReportCharts.Chart) -> String {
        "![\(chart.caption.replacingOccurrences(of: "]", with: ")"))](\(chart.fileName))"
    }
}
