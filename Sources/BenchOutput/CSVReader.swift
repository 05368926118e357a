import Foundation

/// Reads a CSV of `Row`s back, for comparing runs.
///
/// Strict on purpose: the header must be exactly `Row.columns` (less any of
/// `Row.addedColumns`, read as empty) and every row must have every column of its header,
/// so a hand edit gone wrong is reported (with file and line) instead of silently shifting
/// numbers into the wrong columns.
public enum CSVReader<Row: CSVRecord> {
    /// Reads the file at `path`.
    public static func read(path: String) throws -> [Row] {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "not readable" : "no such file"
            throw BenchOutputError("cannot read \(Row.contentName) from \"\(path)\": \(reason)")
        }
        return try parse(String(decoding: data, as: UTF8.self), source: path)
    }

    /// Parses CSV text. `source` names the file in error messages.
    public static func parse(_ text: String, source: String = "<input>") throws -> [Row] {
        let records = try CSV.records(text, source: source)
        guard let header = records.first else {
            throw BenchOutputError("\(source): empty file, expected a header line")
        }
        let older = Row.columns.filter { !Row.addedColumns.contains($0) || header.fields.contains($0) }
        guard header.fields == Row.columns || header.fields == older else {
            throw BenchOutputError("\(source):\(header.line): header does not match: \(headerDifference(header.fields))")
        }
        var rows: [Row] = []
        rows.reserveCapacity(records.count - 1)
        for record in records.dropFirst() {
            var fields = record.fields
            if header.fields != Row.columns {
                // An older file: its rows must match its own header before they are widened.
                guard fields.count == header.fields.count else {
                    let what = fields.count < header.fields.count ? "missing columns" : "extra columns"
                    throw BenchOutputError("\(source):\(record.line): \(what): expected \(header.fields.count) fields, found \(fields.count)")
                }
                fields = Row.columns.map { name in header.fields.firstIndex(of: name).map { record.fields[$0] } ?? "" }
            }
            rows.append(try Row(fields: fields, location: "\(source):\(record.line)"))
        }
        return rows
    }

    /// Names the first column that differs, so the message says what to fix.
    private static func headerDifference(_ found: [String]) -> String {
        let expected = Row.columns
        for (i, name) in expected.enumerated() {
            guard i < found.count else { return "missing column \(name) (column \(i + 1))" }
            if found[i] != name { return "column \(i + 1) is \"\(found[i])\", expected \"\(name)\"" }
        }
        return "extra column \"\(found[expected.count])\" (column \(expected.count + 1))"
    }
}

/// Reads results CSVs.
public typealias CSVResultReader = CSVReader<ResultRow>
/// Reads samples CSVs.
public typealias CSVSampleReader = CSVReader<SampleRow>
