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
        render(forPeople ? ResultRow.summaryTable(rows) : ResultRow.fullTable(rows))
    }

    /// Renders a side-by-side comparison of the layouts in one run; the table and markdown
    /// forms end with `ComparisonRow.footnote`, which explains their `*`.
    public func render(_ rows: [ComparisonRow]) -> String {
        guard forPeople else { return render(ComparisonRow.dataTable(rows)) }
        return render(ComparisonRow.displayTable(rows)) + "\n" + ComparisonRow.footnote + "\n"
    }

    /// Renders the change between two runs.
    public func render(_ rows: [ChangeRow]) -> String {
        render(forPeople ? ChangeRow.displayTable(rows) : ChangeRow.dataTable(rows))
    }

    /// Table and markdown show what a person compares first; csv and json carry everything.
    private var forPeople: Bool { self == .table || self == .markdown }

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
    /// Every column, as in the CSV file; counters embedded as an object in JSON.
    static func fullTable(_ rows: [ResultRow]) -> TextTable {
        let text: Set<String> = ["layout", "workload", "variant", "checksum", "note"]
        return TextTable(columns: columns, rows: rows.map { row in
            zip(columns, row.fields).map { column, field in
                column == "counters" ? .json(field) : text.contains(column) ? .text(field) : .number(field)
            }
        })
    }

    /// What a person compares first: the estimate with its interval, how many rounds it
    /// rests on, metadata cost and tail latency.
    static func summaryTable(_ rows: [ResultRow]) -> TextTable {
        TextTable(
            columns: ["layout", "workload", "variant", "ns/op", "rounds", "metadata B/page", "batch p99 ns"],
            rows: rows.map { row in
                [
                    .text(row.layout), .text(row.workload), .text(row.variant),
                    .number(IntervalText.plusMinus(row.interval, fromRepetitions: row.rounds == 1)),
                    .number(String(row.rounds)),
                    .number(NumberText.bytesPerPage(row.metadataBytesPerPage)),
                    .number(NumberText.nanoseconds(row.batchP99Ns)),
                ]
            })
    }
}
