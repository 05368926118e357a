#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes results as CSV, one row at a time, straight to the file.
///
/// A full run can take hours. Each `append` is a single `write(2)` with no user-space
/// buffer, so when a run is interrupted (Ctrl-C, OOM killer, a crashing layout) every row
/// that finished is already in the file. The file is created or truncated and gets the
/// header as soon as the writer exists.
public final class CSVResultWriter {
    /// The path as given by the caller.
    public let path: String
    private var fd: Int32

    /// Creates or truncates `path` and writes the header.
    /// Throws a one-line `BenchOutputError` if the file cannot be opened or written.
    public init(path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw BenchOutputError("cannot write results to \"\(path)\": \(lastErrnoMessage())")
        }
        try write(ResultRow.csvHeader)
    }

    deinit { close() }

    /// Writes `row` as one line. It is in the file (the kernel's page cache) when this returns.
    public func append(_ row: ResultRow) throws {
        try write(row.csvLine)
    }

    /// Closes the file. Appending afterwards throws. Called automatically on deinit.
    public func close() {
        if fd >= 0 {
            _ = posixClose(fd)
            fd = -1
        }
    }

    /// Fails with the same message `init` would give if `path` cannot be written, without
    /// changing anything: an existing file is opened without truncation and left as it is;
    /// a missing one is created exclusively and removed again.
    ///
    /// Call it for every output path before the first benchmark runs, so a typo in
    /// `--output` costs a second rather than a finished run.
    public static func checkWritable(path: String) throws {
        if access(path, F_OK) == 0 {
            let probe = open(path, O_WRONLY | O_CLOEXEC | O_NONBLOCK)
            guard probe >= 0 else {
                throw BenchOutputError("cannot write results to \"\(path)\": \(lastErrnoMessage())")
            }
            _ = posixClose(probe)
            return
        }
        let probe = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard probe >= 0 else {
            throw BenchOutputError("cannot write results to \"\(path)\": \(lastErrnoMessage())")
        }
        _ = posixClose(probe)
        _ = unlink(path)
    }

    private func write(_ text: String) throws {
        guard fd >= 0 else {
            throw BenchOutputError("cannot write results to \"\(path)\": writer is closed")
        }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { posixWrite(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw BenchOutputError("cannot write results to \"\(path)\": \(lastErrnoMessage())")
            }
            bytes = bytes.dropFirst(written)
        }
    }
}

// File-scope wrappers: inside the class, `close` and `write` name its own methods.
private func posixClose(_ fd: Int32) -> Int32 { close(fd) }
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int { write(fd, buffer, count) }

/// `strerror(errno)` as a Swift string, e.g. "No such file or directory".
func lastErrnoMessage() -> String { String(cString: strerror(errno)) }
