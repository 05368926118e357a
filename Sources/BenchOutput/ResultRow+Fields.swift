/// Conversion between a `ResultRow` and its CSV fields, in `ResultRow.columns` order.
extension ResultRow {
    /// The row as text fields, in column order, before CSV quoting.
    public var fields: [String] {
        [
            layout, workload, variant,
            String(arenaBytes), String(opsPerRep), String(reps),
            NumberText.nanoseconds(nsPerOpMedian),
            NumberText.nanoseconds(nsPerOpMin),
            NumberText.nanoseconds(nsPerOpMax),
            NumberText.bytesPerPage(metadataBytesPerPage),
            NumberText.nanoseconds(batchP50Ns),
            NumberText.nanoseconds(batchP99Ns),
            String(opsPerBatch),
            NumberText.hex(checksum),
            note,
        ]
    }

    /// The row as one CSV line, including the trailing newline.
    public var csvLine: String { CSV.line(fields) }

    /// The header as one CSV line, including the trailing newline.
    public static var csvHeader: String { CSV.line(columns) }

    /// Rebuilds a row from fields in column order. `location` (e.g. `results.csv:12`)
    /// prefixes error messages.
    init(fields: [String], location: String) throws(BenchOutputError) {
        let columns = Self.columns
        guard fields.count == columns.count else {
            let what = fields.count < columns.count ? "missing columns" : "extra columns"
            throw BenchOutputError("\(location): \(what): expected \(columns.count) fields, found \(fields.count)")
        }

        func int(_ i: Int) throws(BenchOutputError) -> Int {
            guard let value = Int(fields[i]) else {
                throw BenchOutputError("\(location): column \(columns[i]): expected an integer, found \"\(fields[i])\"")
            }
            return value
        }
        func double(_ i: Int) throws(BenchOutputError) -> Double {
            guard let value = Double(fields[i]) else {
                throw BenchOutputError("\(location): column \(columns[i]): expected a number, found \"\(fields[i])\"")
            }
            return value
        }
        guard let checksum = NumberText.parseChecksum(fields[13]) else {
            throw BenchOutputError("\(location): column \(columns[13]): expected a hex value like 0x1234abcd, found \"\(fields[13])\"")
        }

        self.init(
            layout: fields[0], workload: fields[1], variant: fields[2],
            arenaBytes: try int(3), opsPerRep: try int(4), reps: try int(5),
            nsPerOpMedian: try double(6), nsPerOpMin: try double(7), nsPerOpMax: try double(8),
            metadataBytesPerPage: try double(9),
            batchP50Ns: try double(10), batchP99Ns: try double(11), opsPerBatch: try int(12),
            checksum: checksum, note: fields[14]
        )
    }
}
