/// A rendered findings report: a Markdown document and the SVG charts it links to.
///
/// Write `markdown` to `REPORT.md` and each chart to `fileName` in the same directory: the
/// Markdown refers to the charts by those relative names (`![...](lookup-vs-arena.svg)`).
public struct Report: Sendable {
    public let markdown: String
    /// Only the charts that had data, in the order the Markdown first refers to them.
    public let charts: [(fileName: String, svg: String)]

    public init(markdown: String, charts: [(fileName: String, svg: String)]) {
        self.markdown = markdown
        self.charts = charts
    }
}
