/// Writes rows as CSV, one row at a time, straight to the file.
///
/// A full run can take hours. Each `append` is a single `write(2)` with no user-space
/// buffer, so when a run is interrupted (Ctrl-C, OOM killer, a crashing layout) every row
/// that finished is already in the file. The file is created or truncated and gets the
/// header as soon as the writer exists.
public final class CSVWriter<Row: CSVRecord> {
    /// The path as given by the caller.
    public let path: String
    private var fd: Int32

    /// Creates or truncates `path` and writes the header.
    /// Throws a one-line `BenchOutputError` if the file cannot be opened or written.
    public init(path: String) throws {
        self.path = path
        do {
            fd = try PosixFile.create(path)
        } catch {
            throw Self.failure(path, error.message)
        }
        try write(Row.csvHeader)
    }

    deinit { close() }

    /// Writes `row` as one line. It is in the file (the kernel's page cache) when this
    /// returns; only a machine crash, not a process crash, can lose it.
    public func append(_ row: Row) throws {
        try write(row.csvLine)
    }

    /// Closes the file. Appending afterwards throws. Called automatically on deinit.
    public func close() {
        if fd >= 0 {
            PosixFile.closeFile(fd)
            fd = -1
        }
    }

    /// Throws the same message `init` would if `path` cannot be written, without changing
    /// anything: an existing file is neither truncated nor modified; a missing one is not
    /// left behind.
    ///
    /// Call it for every output path (the CSV, its samples and its `.meta.json`) before the
    /// first benchmark runs, so a typo in `--output` costs a second rather than a finished run.
    public static func checkWritable(path: String) throws {
        do {
            try PosixFile.checkWritable(path)
        } catch {
            throw failure(path, error.message)
        }
    }

    private func write(_ text: String) throws {
        guard fd >= 0 else { throw Self.failure(path, "writer is closed") }
        do {
            try PosixFile.writeAll(fd, text)
        } catch {
            throw Self.failure(path, error.message)
        }
    }

    private static func failure(_ path: String, _ reason: String) -> BenchOutputError {
        BenchOutputError("cannot write \(Row.contentName) to \"\(path)\": \(reason)")
    }
}

/// The results CSV: one `ResultRow` per line.
public typealias CSVResultWriter = CSVWriter<ResultRow>
/// The per-round samples beside the results: one `SampleRow` per line.
public typealias CSVSampleWriter = CSVWriter<SampleRow>
