/// The output formats the harness can print or write.
///
/// `csv` and `json` carry every column and are for machines; `table` and `markdown` show
/// the columns a person compares first and are for terminals, mailing lists and PRs.
public enum ResultFormat: String, CaseIterable, Sendable {
    /// Aligned columns for a terminal.
    case table
    /// Exactly what `CSVResultWriter` writes.
    case csv
    /// An array of objects whose keys are the CSV column names, in column order.
    case json
    /// A GitHub-flavoured markdown table.
    case markdown

    /// Renders benchmark results.
    public func render(_ rows: [ResultRow]) -> String {
        render(self == .table || self == .markdown ? ResultRow.summaryTable(rows) : ResultRow.fullTable(rows))
    }

    /// Renders a side-by-side comparison of the layouts in one run.
    public func render(_ rows: [ComparisonRow]) -> String {
        render(ComparisonRow.table(rows))
    }

    /// Renders the change between two runs.
    public func render(_ rows: [ChangeRow]) -> String {
        render(ChangeRow.table(rows))
    }

    func render(_ table: TextTable) -> String {
        switch self {
        case .table: return table.aligned()
        case .csv: return table.csv()
        case .json: return table.json()
        case .markdown: return table.markdown()
        }
    }
}

extension ResultRow {
    /// Every column, as in the CSV file.
    static func fullTable(_ rows: [ResultRow]) -> TextTable {
        TextTable(columns: columns, rows: rows.map { row in
            let f = row.fields
            return [
                .text(f[0]), .text(f[1]), .text(f[2]),
                .number(f[3]), .number(f[4]), .number(f[5]),
                .number(f[6]), .number(f[7]), .number(f[8]), .number(f[9]),
                .number(f[10]), .number(f[11]), .number(f[12]),
                .text(f[13]), .text(f[14]),
            ]
        })
    }

    /// What a person compares first: speed, spread, metadata cost and tail latency.
    static func summaryTable(_ rows: [ResultRow]) -> TextTable {
        TextTable(
            columns: ["layout", "workload", "variant", "ns/op median", "ns/op min", "ns/op max",
                      "metadata B/page", "batch p99 ns"],
            rows: rows.map { row in
                [
                    .text(row.layout), .text(row.workload), .text(row.variant),
                    .number(NumberText.nanoseconds(row.nsPerOpMedian)),
                    .number(NumberText.nanoseconds(row.nsPerOpMin)),
                    .number(NumberText.nanoseconds(row.nsPerOpMax)),
                    .number(NumberText.bytesPerPage(row.metadataBytesPerPage)),
                    .number(NumberText.nanoseconds(row.batchP99Ns)),
                ]
            })
    }
}
