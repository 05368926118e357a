/// A row type stored as one CSV line under a fixed header (results, per-round samples).
///
/// One protocol so both files get the same writer (one `write(2)` per row) and the same
/// strict reader, instead of two copies drifting apart.
public protocol CSVRecord: Sendable {
    /// The header, in file order. Readers reject any file whose header differs.
    static var columns: [String] { get }
    /// Columns added since files were first written: a file without them is read with
    /// them empty; every other column must be there, in order.
    static var addedColumns: Set<String> { get }
    /// What a file of these holds, for messages: "cannot write results to ...".
    static var contentName: String { get }
    /// The row as text fields, in column order, before CSV quoting.
    var fields: [String] { get }
    /// Rebuilds a row from fields in column order. `location` (e.g. `run.csv:12`) prefixes
    /// error messages.
    init(fields: [String], location: String) throws(BenchOutputError)
}

extension CSVRecord {
    public static var addedColumns: Set<String> { [] }

    /// The row as one CSV line, including the trailing newline.
    public var csvLine: String { CSV.line(fields) }

    /// The header as one CSV line, including the trailing newline.
    public static var csvHeader: String { CSV.line(columns) }
}

/// Typed access to one record's fields, with errors that name the location and column.
struct FieldReader {
    let fields: [String]
    let columns: [String]
    let location: String

    /// Checks the field count first: a short or long row must not shift values into the
    /// wrong columns.
    init(_ fields: [String], columns: [String], location: String) throws(BenchOutputError) {
        guard fields.count == columns.count else {
            let what = fields.count < columns.count ? "missing columns" : "extra columns"
            throw BenchOutputError("\(location): \(what): expected \(columns.count) fields, found \(fields.count)")
        }
        self.fields = fields
        self.columns = columns
        self.location = location
    }

    subscript(_ i: Int) -> String { fields[i] }

    func int(_ i: Int) throws(BenchOutputError) -> Int {
        guard let value = Int(fields[i]) else { throw error(i, "expected an integer, found \"\(fields[i])\"") }
        return value
    }

    func double(_ i: Int) throws(BenchOutputError) -> Double {
        guard let value = Double(fields[i]) else { throw error(i, "expected a number, found \"\(fields[i])\"") }
        return value
    }

    /// An empty field is nil; anything else must be a number.
    func optionalDouble(_ i: Int) throws(BenchOutputError) -> Double? {
        fields[i].isEmpty ? nil : try double(i)
    }

    /// Numbers separated by single spaces; an empty field is an empty list.
    func doubles(_ i: Int) throws(BenchOutputError) -> [Double] {
        guard !fields[i].isEmpty else { return [] }
        var values: [Double] = []
        for part in fields[i].split(separator: " ", omittingEmptySubsequences: false) {
            guard let value = Double(part) else {
                throw error(i, "expected numbers separated by spaces, found \"\(part)\"")
            }
            values.append(value)
        }
        return values
    }

    func checksum(_ i: Int) throws(BenchOutputError) -> UInt64 {
        guard let value = NumberText.parseChecksum(fields[i]) else {
            throw error(i, "expected a hex value like 0x1234abcd, found \"\(fields[i])\"")
        }
        return value
    }

    func counters(_ i: Int) throws(BenchOutputError) -> [Counter] {
        do {
            return try CounterText.decode(fields[i])
        } catch {
            throw self.error(i, error.message)
        }
    }

    func error(_ i: Int, _ message: String) -> BenchOutputError {
        BenchOutputError("\(location): column \(columns[i]): \(message)")
    }
}
