/// Conversion between a `ResultRow` and its CSV fields, in `ResultRow.columns` order.
extension ResultRow: CSVRecord {
    public static var contentName: String { "results" }

    /// The row as text fields, in column order, before CSV quoting.
    public var fields: [String] {
        [
            layout, workload, variant,
            String(arenaBytes), String(rounds), String(opsPerRep), String(reps),
            NumberText.nanoseconds(nsPerOp),
            NumberText.nanoseconds(ciLow),
            NumberText.nanoseconds(ciHigh),
            NumberText.nanoseconds(nsPerOpMedian),
            NumberText.nanoseconds(nsPerOpMin),
            NumberText.nanoseconds(nsPerOpMax),
            NumberText.bytesPerPage(metadataBytesPerPage),
            NumberText.nanoseconds(batchP50Ns),
            NumberText.nanoseconds(batchP99Ns),
            String(opsPerBatch),
            NumberText.hex(checksum),
            CounterText.encode(counters),
            note,
        ]
    }

    public init(fields: [String], location: String) throws(BenchOutputError) {
        let f = try FieldReader(fields, columns: Self.columns, location: location)
        self.init(
            layout: f[0], workload: f[1], variant: f[2],
            arenaBytes: try f.int(3), rounds: try f.int(4), opsPerRep: try f.int(5), reps: try f.int(6),
            nsPerOp: try f.double(7), ciLow: try f.double(8), ciHigh: try f.double(9),
            nsPerOpMedian: try f.double(10), nsPerOpMin: try f.double(11), nsPerOpMax: try f.double(12),
            metadataBytesPerPage: try f.double(13),
            batchP50Ns: try f.double(14), batchP99Ns: try f.double(15), opsPerBatch: try f.int(16),
            checksum: try f.checksum(17), counters: try f.counters(18), note: f[19])
    }
}
